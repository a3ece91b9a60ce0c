# Two commands for a new user: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := False

.PHONY: demo test build report lint bench test-spark clean browser compare-refs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.core-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.core-installed
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $@

## make demo: generate the demo helpdesk, load it, validate it, dbt build, print the scorecard
demo: $(VENV)/.core-installed
	$(BIN)/supportmetrics demo

## RAW_DATA_DIR=/path/to/exports make build: build the marts from your own canonical raw files
build: $(VENV)/.core-installed
	@test -n "$(RAW_DATA_DIR)" || { echo "Set RAW_DATA_DIR=/path/to/canonical/raw/files"; exit 2; }
	$(BIN)/supportmetrics build --raw-dir "$(RAW_DATA_DIR)"

report: $(VENV)/.core-installed
	$(BIN)/supportmetrics report

## make test: the whole suite (pytest driving dbt, plus SQL lint)
test: $(VENV)/.dev-installed browser
	$(BIN)/python -m pytest -n $${TEST_WORKERS:-2} --dist loadfile
	$(MAKE) lint

# Headless Chromium (Debian package) for the docs-site and report render tests.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			(apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); \
		else \
			echo "chromium is not installed and cannot be installed here: browser tests will be skipped"; \
		fi; }

VENDOR_MODES := zendesk_fivetran zendesk_airbyte intercom_fivetran intercom_airbyte
lint: $(VENV)/.dev-installed
	mkdir -p warehouse
	$(BIN)/sqlfluff lint models macros tests analyses
	@# the vendor adapters are disabled for the canonical source: one pass per source adapter
	for mode in $(VENDOR_MODES); do \
		$(BIN)/sqlfluff lint --config .ci/sqlfluff/$$mode.cfg models/staging/$${mode%_*} models/staging/$$mode || exit 1; \
	done

## make bench [SIZES=default|scale|quick|100000,1M]: scale benchmark, targets PASS/FAIL, chart in bench_results/
bench: $(VENV)/.dev-installed
	$(BIN)/supportmetrics bench --sizes "$${SIZES:-default}"

## make compare-refs BASE=<ref> [HEAD=<ref>]: build one generated helpdesk at both refs; every mart must match row by row
compare-refs: $(VENV)/.core-installed
	@test -n "$(BASE)" || { echo "Set BASE=<git ref before the change>"; exit 2; }
	$(BIN)/python -m supportmetrics.refcompare --base "$(BASE)" --head "$${HEAD:-HEAD}"

# Apache Spark parity (not part of `make test`: pyspark is large and every dbt command starts a
# JVM; .ci/run runs it after `make test`). Its own virtual environment, so `make test` stays light.
# Needs Java 17 on PATH.
SPARK_VENV := .venv-spark

$(SPARK_VENV)/.spark-installed: pyproject.toml
	$(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SPARK_VENV)/bin/python -m pip install --quiet -e '.[dev,spark]'
	touch $@

## make test-spark: build the small generated data set on local Spark and on DuckDB; the marts must agree
test-spark: $(SPARK_VENV)/.spark-installed
	@command -v java >/dev/null 2>&1 || { echo "make test-spark needs Java 17 (java not found on PATH)"; exit 2; }
	TZ=UTC SUPPORTMETRICS_REQUIRE_SPARK=1 $(SPARK_VENV)/bin/python -m pytest tests/spark -p no:cacheprovider --durations=5

clean:
	rm -rf target logs warehouse data/demo reports
