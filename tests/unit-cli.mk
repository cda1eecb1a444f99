# tests/unit-cli.mk
