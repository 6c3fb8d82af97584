"""The seeded reference data: names as the report gives them, descriptions in our own words.

Used by the data migration (and so frozen there in effect); edit the rows afterwards in the admin.
"""

# (number, name, short axis label, description)
TRIP_CRITERIA = [
    (
        1,
        "Promoting Individual Roles and Identity and Community Connections",
        "Roles and community",
        "People keep or find the roles, friendships and community links that matter to them, and we help "
        "local places such as colleges, employers and clubs to welcome people living with mental distress.",
    ),
    (
        2,
        "Working with Carers and Supporters",
        "Carers and supporters",
        "Family and friends are noticed early, kept in the loop, offered their own assessment and invited "
        "into reviews when the person wants them there.",
    ),
    (
        3,
        "Collaborative Care Planning",
        "Care planning together",
        "Plans are written with the person, about the life they want, in words they recognise; notes are "
        "shared and each person holds a copy of their own plan.",
    ),
    (
        4,
        "Offering Choice and Control",
        "Choice and control",
        "People make their own decisions and we stand by them even when we would have chosen otherwise; we "
        "inform and offer options instead of pressure, and force is only ever the very last resort.",
    ),
    (
        5,
        "Negotiating Risk and Safety Plans",
        "Risk and safety plans",
        "Safety is planned together: we listen to how the person sees risk, agree who does what, and help "
        "them make a crisis plan that everyone involved knows about and accepts.",
    ),
    (
        6,
        "Creating Recovery Enhancing Environments",
        "Hopeful environments",
        "The place itself shows that recovery happens, through stories, pictures and films, and people with "
        "lived experience help shape the service, from interviewing staff to deciding changes.",
    ),
    (
        7,
        "Promoting Peer Support and Recovery Education",
        "Peer support and education",
        "Everyone can reach peer support, peer specialists and recovery education courses, where they can "
        "learn alongside others who have been there.",
    ),
    (
        8,
        "Balancing Person-Focused and Organisational Demands",
        "Person before paperwork",
        "Staff time goes first to people's recovery; paperwork and process are kept in their place.",
    ),
    (
        9,
        "Recovery-Focused Supervision",
        "Recovery supervision",
        "Every member of staff has regular supervision that asks how their practice supports recovery.",
    ),
    (
        10,
        "Promoting the Wellbeing of Staff",
        "Staff wellbeing",
        "The team looks after its own wellbeing with kindness: reflective time, wellbeing plans, appraisals "
        "that ask how people are, and links to staff lived-experience networks.",
    ),
]

TRIP_KEY = [
    (0, "We cannot see anything in our practice that supports this yet."),
    (1, "We can see a little of this in practice, here and there."),
    (2, "We know this needs work, but not much has changed so far."),
    (3, "Some people in the team do this, but the team as a whole has not taken it up."),
    (4, "The team sees this as important and mostly does it, though not every time."),
    (5, "There is clear evidence that this is simply how this team works."),
]

# (number, name, description): the names as the report gives them (its lines 740-745; standard 5 is about
# the acute care pathway). Migration teams 0005 brought earlier wordings up to these.
CARE_STANDARDS = [
    (
        1,
        "Carers and the essential role they play is identified at first contact or as soon as possible thereafter",
        "We find out early who supports the person and recognise what they bring.",
    ),
    (
        2,
        "Staff are 'carer aware' and trained in carer engagement strategies",
        "Staff understand carers' needs and have had training in working alongside them.",
    ),
    (
        3,
        "Policy and practice protocols regarding confidentiality and sharing information are in place",
        "There is a clear, known way of deciding what can be shared with carers, so confidentiality is never "
        "a reason to leave them out.",
    ),
    (
        4,
        "Defined post(s) responsible for carers are in place",
        "Named people in the service hold responsibility for carers.",
    ),
    (
        5,
        "A carer introduction to the service and staff is available, with a relevant range of information across the acute care pathway",
        "Carers are welcomed, introduced to the team and given useful information at each stage.",
    ),
    (
        6,
        "A range of carer support services is available",
        "Carers can reach different kinds of support for themselves.",
    ),
]

# (number, name, what it means in practice)
CHALLENGES = [
    (
        1,
        "Changing the nature of day-to-day interactions and the quality of experience",
        "Everyday contact with the service leaves people, their supporters and staff more hopeful and more "
        "in charge of their own lives.",
    ),
    (
        2,
        "Delivering comprehensive, user-led education and training programmes",
        "Training is designed and delivered by people with lived experience and supporters working as equals "
        "with professional staff.",
    ),
    (
        3,
        "Establishing a 'Recovery Education Centre' to drive the programmes forward",
        "A programme of courses and workshops, open to people who use services, supporters and staff, taught "
        "in an educational rather than clinical way.",
    ),
    (
        4,
        "Ensuring organisational commitment, creating 'the culture'. The importance of leadership",
        "Recovery shapes how everyone in the organisation treats each other, and leaders show it in what they "
        "do.",
    ),
    (
        5,
        "Increasing 'personalisation' and choice",
        "People plan their own recovery with services in a supporting role, with room for their beliefs, "
        "self-management and personal budgets.",
    ),
    (
        6,
        "Changing the way we approach risk assessment and management",
        "Risk and safety are worked out together and shared; staff are trained to take positive risks and to "
        "calm distress rather than restrain it.",
    ),
    (
        7,
        "Redefining user involvement",
        "Lived experience counts as much as professional expertise, and working in partnership is the aim "
        "whenever people with lived experience are involved.",
    ),
    (
        8,
        "Transforming the workforce",
        "More peer specialists work alongside other staff, and HR and occupational health change their ways "
        "to support recovery.",
    ),
    (
        9,
        "Supporting staff in their recovery journey",
        "Staff wellbeing matters; staff with lived experience are encouraged to use it and are supported when "
        "they share it.",
    ),
    (
        10,
        "Increasing opportunities for building a life 'beyond illness'",
        "People are helped to build an identity beyond their diagnosis: community, friendships and work if "
        "they want it.",
    ),
]

# The shared list migration 0002 once seeded (15 problems, 7 of them not in the report). Each exercise now
# has its own list (migration 0009 copied the shared one into every existing exercise), so nothing is seeded.
CARER_PROBLEMS: list[str] = []

# The problems the report names (lines 757-767), in our own short words: an optional starting set for a
# new exercise's list, which the partnership then adds to (the study's list had 34).
REPORT_PROBLEMS = [
    "Early diagnosis, effective treatment and the right support, quickly",
    "Better communication and relationships between the person, carers and family",
    "Being listened to and involved in every decision as an equal partner",
    "Rebuilding self-esteem, pride and confidence",
    "Providers treating people and their carers as equal partners and experts by experience",
    "An open, trusting partnership with professionals",
    "Rapport with the care team",
    "Self-reliant skills",
]

# The actions the partnership's strategy took under each challenge, summarised in our own words from the
# 2012/13 strategy's table: challenge number -> (action, owner, state). Owners are roles, not people.
PARTNERSHIP, REC, PEERS, LND = (
    "Partnership leads",
    "Head of Recovery Education",
    "Peer specialist lead",
    "Learning and development",
)
CHALLENGE_ACTIONS: dict[int, list[tuple[str, str, str]]] = {
    1: [
        (
            "Keep the wellbeing and recovery campaign going, linked with national anti-stigma campaigns",
            PARTNERSHIP,
            "under_way",
        ),
        (
            "Give every team a recovery lead and a TRIP worked on with the people it serves",
            PARTNERSHIP,
            "under_way",
        ),
        (
            "Recruit more mentors and mentees for lived-experience mentoring of psychiatrists",
            "Mentoring coordinator",
            "under_way",
        ),
    ],
    2: [
        (
            "Work with learning and development so more training is co-produced and all of it carries recovery principles",
            REC,
            "under_way",
        ),
        (
            "Run wellness workshops and other peer-led courses regularly in each community team and inpatient unit",
            PEERS,
            "under_way",
        ),
    ],
    3: [
        ("Grow the Recovery Education Centre as its project plan sets out", REC, "under_way"),
    ],
    4: [
        (
            "Bring the recovery steering group and networks in line with the trust's own aims",
            PARTNERSHIP,
            "under_way",
        ),
        (
            "Hold recovery leadership workshops once the management restructure is done",
            PARTNERSHIP,
            "not_started",
        ),
        (
            "Build a recovery leadership toolkit with learning and development, HR and occupational health",
            LND,
            "not_started",
        ),
        ("Set up a recovery partnership for older people's services", PARTNERSHIP, "under_way"),
        (
            "Keep talking with commissioners and GPs about wellbeing and recovery in how services are designed",
            PARTNERSHIP,
            "under_way",
        ),
    ],
    5: [
        (
            "Take part in the county's steering group on personalisation and mental health",
            PARTNERSHIP,
            "under_way",
        ),
        (
            "Support and evaluate goals people set themselves and recovery plans made together, advance decisions included",
            PARTNERSHIP,
            "under_way",
        ),
        ("Write a project plan for spirituality", PARTNERSHIP, "not_started"),
        (
            "Gather the stories of people with lived experience about personalisation in practice",
            PEERS,
            "not_started",
        ),
    ],
    6: [
        (
            "Design and agree, together, standards for sharing decisions about risk, then put them in place",
            PARTNERSHIP,
            "under_way",
        ),
        (
            "Finish the focus groups on reducing restraint, complete their action plan and choose pilot wards",
            "Inpatient services lead",
            "under_way",
        ),
        (
            "Move physical intervention training to co-produced, co-delivered training centred on communication and calming",
            LND,
            "not_started",
        ),
    ],
    7: [
        (
            "Use the TRIPs to help teams rethink their role with the people they serve",
            PARTNERSHIP,
            "under_way",
        ),
        (
            "Widen partnership work with carers and supporters, and build a network of carers who take part at every level",
            "Carers' lead",
            "under_way",
        ),
    ],
    8: [
        ("Make peer worker training robust, working towards accreditation", PEERS, "under_way"),
        ("Evaluate how well the current peer worker roles work", PARTNERSHIP, "not_started"),
        ("Choose pilot wards for teams of peer workers", "Inpatient services lead", "under_way"),
        ("Draw up a workforce development plan for peer workers", "Human resources", "not_started"),
    ],
    9: [
        (
            "Keep developing Hidden Talents, challenging stigma and self-stigma among NHS staff",
            "Hidden Talents coordinator",
            "under_way",
        ),
        (
            "Write guidance on sharing lived experience safely at work",
            "Hidden Talents coordinator",
            "not_started",
        ),
        (
            "Agree a plan with HR and occupational health for recovery-focused support of staff, shaped by lived experience",
            "Human resources",
            "not_started",
        ),
    ],
    10: [
        ("Keep developing the strategy for paid employment", "Employment lead", "under_way"),
        (
            "Work with commissioners on partnerships with other third-sector providers for social inclusion",
            PARTNERSHIP,
            "under_way",
        ),
        (
            "Challenge stigma through the Tea and Talk project and national anti-stigma campaigns",
            PEERS,
            "under_way",
        ),
        (
            "Plan wellbeing work with people from black and minority ethnic communities",
            PARTNERSHIP,
            "not_started",
        ),
        (
            "Begin a rights-based framework for the emotional wellbeing of everyone in the county",
            PARTNERSHIP,
            "not_started",
        ),
    ],
}
