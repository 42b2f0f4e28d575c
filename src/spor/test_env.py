"""The test suite's environment, as a pytest plugin loaded early (`-p spor.test_env` in pyproject).

It must run before pytest-django reads the settings, which happens before any conftest.py is
imported; hence a plugin, not a conftest. Each test process gets a private var/ directory (the
suite never touches the developer's demo database or crawl data, and parallel workers never share
files) and the second factor off, because most tests log in with force_login; the log-in tests
switch it on with override_settings.
"""

from __future__ import annotations

import os
import tempfile

if "SPOR_VAR_DIR" not in os.environ or os.environ.get("SPOR_TEST_VAR_INHERITED"):
    # xdist workers inherit the controller's environment: give each its own directory.
    os.environ["SPOR_VAR_DIR"] = tempfile.mkdtemp(prefix="spor-test-var-")
    os.environ["SPOR_TEST_VAR_INHERITED"] = "1"
os.environ.setdefault("SPOR_SECOND_FACTOR", "0")
