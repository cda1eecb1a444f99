# tests/unit-parse.mk
