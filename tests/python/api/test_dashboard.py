"""The dashboard in a real browser: `stacksim serve` on a scenario with two compute hosts and an
object ring, servers created with the real `openstack` client, then headless Chromium (Debian's
chromium, driven over the DevTools protocol with python3-websocket) logs in through the form,
loads the dashboard and reads what it shows: host rows with utilisation bars, the instances ACTIVE,
the networks, the ring's devices, the simulated clock; the refresh script brings in a server booted
after the page loaded; logout ends the session."""

import json
import os
import shutil
import subprocess
import threading
import time
import urllib.request

import pytest

from conftest import ADMIN_PASSWORD, lab_scenario, serving

websocket = pytest.importorskip("websocket", reason="python3-websocket (scripts/packages.txt)")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(stacksim_bin, tmp_path_factory):
    """Overrides conftest's server: this scenario also has storage nodes and an object ring."""
    zones = [{"region": 1, "zone": z, "devices": [
        {"host": f"object{z}", "device": "sdb1", "weight": 100, "size_gb": 1000}]}
        for z in (1, 2, 3)]
    scenario = lab_scenario(
        tmp_path_factory.mktemp("dashboard"), "dashboard", 11, ["compute1", "compute2"],
        [{"name": "object", "role": "storage", "hostnames": ["object1", "object2", "object3"],
          "vcpus": 2, "memory_mb": 4096}],
        {"swift_rings": [{"name": "object", "part_power": 8, "replicas": 3, "min_part_hours": 1,
                          "zones": zones}]})
    with serving(stacksim_bin, scenario) as s:
        # serve prints the dashboard's URL after its banner (other lines may come first).
        line = ""
        while "dashboard at " not in line:
            line = s.process.stdout.readline()
            assert line, "stacksim serve did not print the dashboard's URL"
        s.dashboard = line.split("dashboard at ")[1].strip()
        yield s


@pytest.fixture(scope="module")
def cloud(server, openstack, tmp_path_factory):
    """An image, a network with a subnet and two servers (web-1, web-2: one request with
    --min 2), made by the client; the browser sees them go ACTIVE."""
    image = tmp_path_factory.mktemp("image") / "cirros.img"
    image.write_bytes(os.urandom(64 * 1024))
    openstack("image", "create", "--disk-format", "qcow2", "--container-format", "bare",
              "--public", "--file", str(image), "cirros")
    net = openstack("network", "create", "dash-net")
    openstack("subnet", "create", "--network", "dash-net", "--subnet-range", "10.20.0.0/24",
              "dash-subnet")
    boot(openstack, net["id"], "web", "--min", "2", "--max", "2")
    return {"network": net["id"]}


def boot(openstack, network, name, *options):
    """`openstack server create` of m1.tiny (one of the scenario's default flavors) servers."""
    openstack("server", "create", "--flavor", "m1.tiny", "--image", "cirros", "--nic",
              "net-id=" + network, *options, name)


def active(name):
    """A page expression: the instance row `name` shows ACTIVE."""
    return f"""[...document.querySelectorAll("#instances tr.instance")].some(
        r => r.cells[0].textContent === {json.dumps(name)} && r.cells[1].textContent === "ACTIVE")"""


class Browser:
    """One headless Chromium tab, driven over the DevTools protocol."""

    def __init__(self, profile):
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-dev-shm-usage", "--remote-debugging-port=0",
             "--remote-allow-origins=*", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        endpoint = None
        deadline = time.monotonic() + 30
        while endpoint is None and time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                break
            if "DevTools listening on " in line:
                endpoint = line.split("DevTools listening on ")[1].strip()
        if endpoint is None:
            self.process.kill()
            raise RuntimeError("chromium did not start its DevTools endpoint")
        # Chromium keeps logging to stderr: drain it so a full pipe never stalls the browser.
        threading.Thread(target=self.process.stderr.read, daemon=True).start()
        port = endpoint.split(":")[2].split("/")[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            page = next(t for t in json.load(r) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0

    def command(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:  # events arrive in between; answers carry our id
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]

    def evaluate(self, expression):
        result = self.command("Runtime.evaluate", expression=expression, returnByValue=True,
                              awaitPromise=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def wait_for(self, expression, timeout=20):
        """Polls until the expression is truthy in the page (navigations replace the page)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
                if value:
                    return value
            except AssertionError:
                pass  # evaluated while the page was being replaced
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {expression}: {self.evaluate('document.URL')}")

    def navigate(self, url):
        self.command("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && document.URL !== 'about:blank'")

    def close(self):
        self.ws.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is not installed: run scripts/install-packages.sh")
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


# What the dashboard shows, read from the DOM as the user sees it (cell texts).
READ_PAGE = """JSON.stringify({
  rows: Object.fromEntries(["hosts tr.host", "instances tr.instance", "networks tr.network",
                            "rings tr.device"].map(q => [q.split(" ")[0],
    [...document.querySelectorAll("#" + q)].map(r => [...r.cells].map(c => c.textContent.trim()))])),
  meters: document.querySelectorAll("#hosts meter").length,
  clock: document.querySelector("#clock time").textContent,
  user: document.querySelector("header p").textContent,
  cookie: document.cookie
})"""


def log_in(browser, url, user, password, project):
    browser.navigate(url)
    assert browser.evaluate("location.pathname") == "/dashboard/login"
    browser.evaluate(f"""(() => {{
      const form = document.querySelector("form");
      form.username.value = {json.dumps(user)};
      form.password.value = {json.dumps(password)};
      form.project.value = {json.dumps(project)};
      form.submit();
    }})()""")
    browser.wait_for("location.pathname === '/dashboard' && !!document.querySelector('#sections')")


def test_dashboard_in_headless_chromium(server, openstack, cloud, browser):
    log_in(browser, server.dashboard, "admin", ADMIN_PASSWORD, "admin")
    # The page refreshes itself every few seconds: the servers show up ACTIVE without a reload.
    browser.wait_for(active("web-1") + " && " + active("web-2"))
    page = json.loads(browser.evaluate(READ_PAGE))
    assert "Signed in as admin in project admin (admin)" in page["user"]
    assert page["cookie"] == ""  # the session cookie is HttpOnly: no script reads the token

    hosts = {row[0]: row for row in page["rows"]["hosts"]}
    assert set(hosts) == {"compute1", "compute2"}
    assert all(row[1] == "up" and row[2] == "enabled" for row in hosts.values())
    assert page["meters"] == 6  # vCPU, RAM and disk bars of both hosts
    # Two m1.tiny servers: 2 vCPUs and 1024 MB placed in total.
    assert sum(int(row[3].split(" / ")[0]) for row in hosts.values()) == 2
    assert sum(int(row[4].split(" / ")[0]) for row in hosts.values()) == 1024

    instances = {row[0]: row for row in page["rows"]["instances"]}
    assert set(instances) == {"web-1", "web-2"}
    for row in instances.values():
        assert row[1] == "ACTIVE" and row[2] in hosts and row[3] == "m1.tiny"
        assert row[4].startswith("dash-net=10.20.0.")

    networks = {row[0]: row for row in page["rows"]["networks"]}
    assert "dash-net" in networks and "dash-subnet 10.20.0.0/24" in networks["dash-net"][4]

    devices = sorted((row[3], row[4]) for row in page["rows"]["rings"])
    assert devices == [(f"object{z}:6200", "sdb1") for z in (1, 2, 3)]
    assert page["clock"].endswith("Z")

    # A server booted while the page is open appears, ACTIVE, without a reload.
    boot(openstack, cloud["network"], "web-3")
    browser.wait_for(active("web-3"))

    # Logout revokes the session: the dashboard sends the browser back to the login form.
    browser.evaluate('document.querySelector("header form").submit()')
    browser.wait_for("location.pathname === '/dashboard/login'")
    browser.navigate(server.dashboard)
    assert browser.evaluate("location.pathname") == "/dashboard/login"
