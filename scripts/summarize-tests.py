"""Adds up the JUnit XML files of one test run and prints the closing summary line."""
import pathlib
import sys
import xml.etree.ElementTree as ET


def main(results_dir: str) -> int:
    passed = failed = skipped = 0
    for path in sorted(pathlib.Path(results_dir).glob("*.xml")):
        root = ET.parse(path).getroot()
        suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
        p = f = s = 0
        for suite in suites:
            for case in suite.iter("testcase"):
                if case.find("failure") is not None or case.find("error") is not None:
                    f += 1
                elif case.find("skipped") is not None:
                    s += 1
                else:
                    p += 1
        print(f"{path.stem:>12}: {p} passed, {f} failed, {s} skipped")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
