# The two commands of the README. Both install cmake and libclang first when missing
# (scripts/with-highs-deps.sh), because the HiGHS solver is built from source.

.PHONY: run test bench

# Runs the embedded example end to end; the report goes to uitvoer/.
run:
	scripts/with-highs-deps.sh cargo run --release -- match

# Runs every test (unit, integration, snapshots, property tests), then each example of the
# library (examples/), so they keep building and running. The property tests draw their cases
# from a fixed seed here, so CI runs the same cases every time; plain `cargo test` draws new ones.
test:
	PROPTEST_RNG_SEED=20261129 scripts/with-highs-deps.sh cargo test --release
	scripts/with-highs-deps.sh cargo run --release --example weekbatch
	scripts/with-highs-deps.sh cargo run --release --example verhaal
	scripts/with-highs-deps.sh cargo run --release --example excel_dialect

bench:
	scripts/with-highs-deps.sh cargo bench
