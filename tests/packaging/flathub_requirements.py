#!/usr/bin/env python3
"""What Flathub's linter requires of the AppStream metadata that AppStream 0.16 does not check."""
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
problems = []


def require(condition, what):
    if not condition:
        problems.append(what)


developer = root.find("developer")
require(developer is not None and developer.get("id") and developer.findtext("name"),
        "a <developer id> with a <name>")
require(root.find("content_rating[@type='oars-1.1']") is not None, "an OARS 1.1 content rating")
releases = root.findall("releases/release")
require(releases and all(r.get("date") and r.get("version") for r in releases),
        "releases, each with a version and a date")
shots = root.findall("screenshots/screenshot")
require(shots and all(s.findtext("caption") and
                      (s.findtext("image") or "").startswith("https://") for s in shots),
        "screenshots, each with a caption and an https image")
require(root.find("screenshots/screenshot[@type='default']") is not None, "a default screenshot")
require(root.find("launchable[@type='desktop-id']") is not None, "a desktop-id launchable")
for kind in ("homepage", "bugtracker"):
    require((root.findtext(f"url[@type='{kind}']") or "").startswith("https://"),
            f"a {kind} URL")

for problem in problems:
    print(f"missing: {problem}")
sys.exit(1 if problems else 0)
