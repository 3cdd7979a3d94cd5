"""Registers a build's python/ directory with this interpreter: writes stacksim.pth into its
site directory (sys.argv[1] is the directory to add) and prints the file written."""
import os
import sys
import sysconfig

site_dir = sysconfig.get_paths()["purelib"]
os.makedirs(site_dir, exist_ok=True)
pth = os.path.join(site_dir, "stacksim.pth")
with open(pth, "w", encoding="utf-8") as out:
    out.write(os.path.abspath(sys.argv[1]) + "\n")
print(pth)
