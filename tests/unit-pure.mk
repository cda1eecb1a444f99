# tests/unit-pure.mk
