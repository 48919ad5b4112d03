"""Package list for setuptools.

Only the part pyproject.toml cannot express lives here: the project package's
folder is `site/` (a standard-library module name, so it cannot be imported as
`site`) and it is installed as `gxpt`.
"""

from setuptools import find_namespace_packages, setup

APPS = ["accounts", "notifications", "catalog", "nominations", "search", "notices", "moderation", "security", "outbox", "matching", "opendata"]

setup(
    package_dir={"gxpt": "site"},
    # Namespace discovery also picks up templates/, static/ and data/ folders, so
    # their files ship with the package (include_package_data + MANIFEST.in).
    packages=find_namespace_packages(include=[p for app in APPS for p in (app, f"{app}.*")])
    + ["gxpt"]
    + [f"gxpt.{p}" for p in find_namespace_packages("site", exclude=["__pycache__*"])],
    include_package_data=True,
)
