"""Small diaries in the interchange format, for tests to build on."""
import copy

# The example of ../shared/domain/diary-format.md, field for field.
EXAMPLE = {
    "format": "migraine-diary",
    "version": 1,
    "timezone": "Europe/Berlin",
    "profile": {"birth_year": 1988, "sex": "female", "conditions": ["irritable bowel syndrome", "asthma"]},
    "days": [
        {"date": "2026-01-02", "stress": 6, "sleep_hours": 5.5, "sleep_quality": 2, "caffeine_mg": 200,
         "alcohol_units": 2, "water_l": 1.5, "exercise_min": 0, "menstruating": False, "gut_symptoms": 1,
         "mood": 3, "skipped_meal": True, "illness": False, "allergy": 1,
         "foods": ["red wine", "aged cheese"], "notes": ""},
    ],
    "attacks": [
        {"started_at": "2026-01-03T07:30:00+01:00", "ended_at": "2026-01-03T19:00:00+01:00",
         "kind": "migraine", "peak_intensity": 7, "aura": True, "aura_types": ["visual"],
         "symptoms": ["nausea", "photophobia", "phonophobia"], "most_bothersome": "photophobia",
         "premonitory": ["yawning", "neck stiffness"], "pain_sides": ["left"], "disability": 2, "location": "work",
         "relief_methods": [{"name": "dark room", "effect": "helpful"}], "notes": "",
         "medications": [{"name": "sumatriptan", "class": "triptan", "dose": "50 mg",
                          "taken_at": "2026-01-03T08:00:00+01:00", "relief": 2}]},
    ],
    "doses": [
        {"name": "ibuprofen", "class": "simple analgesic", "dose": "400 mg", "taken_at": "2026-01-05T18:00:00+01:00",
         "relief": 1},
    ],
    "treatments": [
        {"name": "erenumab", "class": "anti-CGRP antibody", "purpose": "preventive",
         "started_on": "2026-03-01", "stopped_on": None, "dose": "70 mg monthly"},
    ],
    "questionnaires": [
        {"kind": "MIDAS", "taken_on": "2026-02-01", "answers": [2, 1, 3, 0, 4]},
        {"kind": "HIT-6", "taken_on": "2026-02-01",
         "answers": ["sometimes", "very often", "rarely", "never", "always", "sometimes"]},
    ],
}


def example() -> dict:
    return copy.deepcopy(EXAMPLE)
