"""Fuzz specs: pvkit.variants (each student's own numbers, issue 12)."""

from fuzz.kinds import Spec, choice, flag, mapping, text

V = "pvkit.variants."
KEY = "a-course-key-of-this-term"

SPECS = [
    Spec(V + "defaults", assignment=choice("rewards")),
    Spec(V + "parameters", key=text(KEY), assignment=choice("appraisal"), student=text("amy")),
    Spec(V + "for_student", assignment=choice("rewards"), student=text("amy"), key=text(KEY)),
    Spec(V + "for_me", assignment=choice("appraisal")),
    Spec(V + "Variant", assignment=choice("rewards"), student=text("amy"),
         values=mapping(lambda: {"profit": 60.0, "seed_part2": 2026}), default=flag(False),
         note=text("a note")),
    Spec(V + "identity", environ=mapping(lambda: {"PVKIT_STUDENT": "amy"}), cwd=text("/tmp")),
    Spec(V + "find_key", environ=mapping(lambda: {"PVKIT_VARIANT_KEY": KEY}), cwd=text("/tmp")),
]
