"""TCP endpoints for the live network tests, run inside network namespaces.

  tcp_echo.py serve PORT [PORT...]   accept on every port and echo what arrives (runs until killed)
  tcp_echo.py connect HOST PORT      exit 0 if a round trip succeeds within 2 s, else 1
"""
import selectors
import socket
import sys


def serve(ports):
    selector = selectors.DefaultSelector()
    for port in ports:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("0.0.0.0", port))
        listener.listen(16)
        selector.register(listener, selectors.EVENT_READ)
    print("ready", flush=True)
    while True:
        for key, _ in selector.select():
            conn, _ = key.fileobj.accept()
            conn.settimeout(2)
            try:
                data = conn.recv(1024)
                conn.sendall(data)
            except OSError:
                pass
            finally:
                conn.close()


def connect(host, port):
    try:
        with socket.create_connection((host, port), timeout=2) as conn:
            conn.sendall(b"stacksim")
            return 0 if conn.recv(1024) == b"stacksim" else 1
    except OSError:
        return 1


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve([int(p) for p in sys.argv[2:]])
    else:
        sys.exit(connect(sys.argv[2], int(sys.argv[3])))
