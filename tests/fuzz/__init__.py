"""The API fuzz harness: argument kinds (``kinds``), the oracle (``oracle``) and one
``specs_<area>.py`` per area of pvkit, each defining ``SPECS``."""
