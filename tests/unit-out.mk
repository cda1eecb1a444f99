# tests/unit-out.mk
