"""The fixed vocabularies of the diary interchange format (../shared/domain/diary-format.md).

Models, forms and the import/export all read these lists, so the database, the pages and the JSON agree.
"""

ATTACK_KINDS = ("migraine", "headache", "cluster", "other")
AURA_TYPES = ("visual", "sensory", "speech", "motor", "brainstem", "retinal")
SYMPTOMS = (
    "nausea", "vomiting", "photophobia", "phonophobia", "osmophobia", "allodynia", "neck pain",
    "lacrimation", "nasal congestion", "eyelid oedema", "sweating", "ptosis", "restlessness",
)
PREMONITORY_SYMPTOMS = (
    "yawning", "fatigue", "neck stiffness", "food cravings", "mood change", "poor concentration",
    "frequent urination", "light sensitivity",
)
PAIN_SIDES = ("left", "right", "both", "back", "front")
LOCATIONS = ("home", "work", "school", "transit", "bed", "outside", "other")
RELIEF_EFFECTS = ("helpful", "somewhat", "unhelpful", "unsure")

# Acute medication classes. "simple analgesic" covers aspirin and the other NSAIDs (ICHD-3 8.2.3).
MEDICATION_CLASSES = (
    "triptan", "ergot", "opioid", "combination analgesic", "simple analgesic", "paracetamol",
    "gepant", "ditan", "antiemetic", "other",
)
# Relief judged two hours after the dose, the standard endpoint of acute-treatment trials.
RELIEF_LEVELS = {0: "none", 1: "some", 2: "good", 3: "pain-free"}

DISABILITY_LEVELS = {0: "none", 1: "mild", 2: "moderate (activities reduced)", 3: "severe (bed rest)"}
GUT_LEVELS = {0: "none", 1: "mild", 2: "moderate", 3: "severe"}
ALLERGY_LEVELS = GUT_LEVELS

TREATMENT_PURPOSES = ("acute", "preventive", "behavioural", "supplement", "diet")
QUESTIONNAIRE_KINDS = ("MIDAS", "HIT-6")
SEXES = ("female", "male", "other")

NOTES_MAX_LENGTH = 5000
# One food or condition in a list: what the interchange format allows, so that every diary's backup imports again.
ITEM_MAX_LENGTH = 100
# Foods on one day: the day form and imports take at most this many (the insights test the 20 most logged).
MAX_FOODS_A_DAY = 50
# Only the most-logged foods are tested. Each test costs the others power under the false-discovery control
# (statistics.md), and a diary of hundreds of made-up foods once made the insights take 22 s on every request.
MAX_FOODS_TESTED = 20

# The factors of a day (days[] in the format, besides its date and notes), in the format's order.
DAY_FACTORS = ("stress", "sleep_hours", "sleep_quality", "caffeine_mg", "alcohol_units", "water_l", "exercise_min",
               "menstruating", "gut_symptoms", "mood", "skipped_meal", "illness", "allergy", "foods")
# The factors most days should have: a day with all of them counts as complete for the statistics.
COMPLETE_DAY_FACTORS = ("stress", "sleep_hours", "sleep_quality", "caffeine_mg", "alcohol_units", "mood")

# How the insights name a lag in days (the JSON's lag_days) in lists and charts.
LAG_WORDS = {0: "same day", 1: "the day before", 2: "two days before"}

# The attacks whose onsets the insights analyse: migraine attacks only, or headaches of any kind (the diary's kinds
# migraine, headache, cluster and other), for people whose attacks are mostly not migraine. With the words that
# name them: a short title, one onset and several in a sentence, and how a pointer to them opens.
OUTCOMES = {
    "migraine": {"title": "Migraine", "one": "an attack", "several": "attacks",
                 "counting": "Counting migraine attacks only"},
    "any_headache": {"title": "Any headache", "one": "a headache", "several": "headaches",
                     "counting": "Counting headaches of every kind"},
}

# The years a diary date may fall in. Outside them a date is a typing slip, and converting it between time zones
# can run off the calendar's ends (year 1, year 9999).
FIRST_YEAR, LAST_YEAR = 1900, 2100

# A few minutes of slack for a phone clock that runs ahead of the server's: later than this is "in the future".
FUTURE_SLACK_MINUTES = 5
# The longest attack a diary takes. Status migrainosus is an attack of more than 72 hours (ICHD-3 1.4.1); one of
# more than two weeks is an end that was never entered, and would count as a migraine day on every day of it.
ATTACK_MAX_DAYS = 14


def plausible_year(day) -> bool:
    """For a date or datetime."""
    return FIRST_YEAR <= day.year <= LAST_YEAR
