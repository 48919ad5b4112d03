"""Package list for setuptools.

Only the part pyproject.toml cannot express lives here: the project package's
folder is `site/` (a standard-library module name, so it cannot be imported as
`site`) and it is installed as `gxpt`.
"""

from setuptools import find_packages, setup

APPS = ["catalog", "nominations", "search", "notices", "moderation"]

setup(
    package_dir={"gxpt": "site"},
    packages=find_packages(include=[p for app in APPS for p in (app, f"{app}.*")])
    + ["gxpt"]
    + [f"gxpt.{p}" for p in find_packages("site")],
    include_package_data=True,
)
