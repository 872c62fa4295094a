# benchnb: run the example report, test, lint.

# llama-cpp-python (extra "embedded") has no wheel on the registry and compiles from
# source. The default native build (-march=native) dies with "Illegal instruction" on
# these CPUs, so pin a portable AVX2 build (~8 minutes on 2 cores). pip then caches the
# wheel and reinstalls it in seconds; the cache ignores CMAKE_ARGS, so if a native build
# was ever cached, run `pip cache remove llama_cpp_python` before `make test`.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
                    -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF

.PHONY: run test lint

run:
	pip install -e .
	benchnb run examples/chimeraforge/outputs/reports examples/chimeraforge/data/csv -f parameters/seed-baseline-collector.yaml

# pytest exits 5 when it collected no test: that is a failure, not a pass. The dask extra
# is installed so the batch tests on a LocalCluster run (they skip only without it). The
# browser test needs Chromium on the PATH (Debian: apt-get install chromium); without it
# the test is skipped, unless BENCHNB_REQUIRE_BROWSER is set (.ci/run sets it).
test:
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" pip install -e ".[dev,embedded,dask]"
	pytest; status=$$?; if [ $$status -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi; exit $$status

lint:
	ruff check . && ruff format --check .
