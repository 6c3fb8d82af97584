"""The reference data every centre starts with; editable afterwards.

Used by the data migration and by `warp demo --reset` (which empties the database, seeds included).
"""

# Identities a student may tick, after the report's Table 1: (code, label, order). Codes are stable:
# imports and reports use them; labels may be reworded in the Django admin.
IDENTITIES = [
    ("secondary-care", "Someone who uses secondary mental health services", 10),
    ("primary-care", "Someone who uses primary care mental health services", 20),
    ("carer", "A carer or supporter", 30),
    ("trust-staff", "A member of staff at the NHS trust", 40),
    ("charity-staff", "A member of staff at the peer-led charity", 50),
    ("other", "Other", 60),
]

# Dorset's postcode districts: BH1-BH25, BH31 and DT1-DT11.
DISTRICTS = [f"BH{n}" for n in range(1, 26)] + ["BH31"] + [f"DT{n}" for n in range(1, 12)]

# The outcome categories a Learning Plan Review is coded into, after the 2014 evaluation: (code, label).
# Codes are stable (imports and reports use them); labels may be reworded in the Django admin.
NO_CHANGE = "no-change"
OUTCOME_CATEGORIES = [
    ("self-management", "Improve self-management"),
    ("acceptance-hope", "Acceptance / hope"),
    ("relationships", "Improve relationships"),
    ("participation", "Social / community participation"),
    ("self-esteem", "Increased self-esteem"),
    ("access-to-support", "Enhance access to support / reducing support"),
    ("peer-support-group", "Set up peer support group"),
    ("self-discovery", "Self-discovery"),
    ("empathy", "Empathy for others"),
    ("employment", "Employment / voluntary work"),
    (NO_CHANGE, "No change"),
]


def seed(identity_model, district_model) -> None:
    """Add whatever is missing; never changes rows a centre has edited. Takes models so migrations can use it."""
    for code, label, order in IDENTITIES:
        identity_model.objects.get_or_create(code=code, defaults={"label": label, "order": order})
    for code in DISTRICTS:
        district_model.objects.get_or_create(code=code)


def seed_outcome_categories(category_model) -> None:
    """Add the eleven outcome categories that are missing; never changes ones a centre has edited."""
    for position, (code, label) in enumerate(OUTCOME_CATEGORIES, start=1):
        category_model.objects.get_or_create(
            code=code, defaults={"label": label, "order": position * 10, "is_no_change": code == NO_CHANGE}
        )
