"""The vocabulary synthetic bundles draw from (ingest/generate.py): origins, phone plans, streets,
firm suffixes, sectors and the evidence each leaves, victims' statuses."""

ORIGINS = ("RO", "UA", "BG", "MD", "AL", "NG", "VN", "PH")

#: The sizes of the first name pools (first names, surnames). Their draws are still taken from the
#: main stream and discarded, so that every other row of a seed stays as it was; names come from
#: a stream of their own (ingest/generate_names.py).
OLD_POOL_SIZES = {"NO": (12, 11), "NG": (10, 10), "VN": (8, 6), "PH": (6, 5), "EN": (10, 10),
                   **{country: (12, 10) for country in ("RO", "UA", "BG", "MD", "AL")}}

# (country calling code, national number prefix, digits after it); numbers checked valid.
PHONES = {
    "NO": ("47", ("9",), 7),
    "RO": ("40", ("72", "73", "74", "75", "76"), 7),
    "UA": ("380", ("67",), 7),
    "BG": ("359", ("88",), 7),
    "MD": ("373", ("69",), 6),
    "AL": ("355", ("69",), 7),
    "NG": ("234", ("803",), 7),
    "VN": ("84", ("91",), 7),
    "PH": ("63", ("917",), 7),
    "US": ("1", ("2125", "3125", "4155", "6175", "7135"), 6),
    "CA": ("1", ("4165", "5145", "6045", "4035"), 6),
    "GB": ("44", ("7400",), 6),
}

PLACES = {
    "NO": (("Storgata", "Kongens gate", "Strandgata", "Industriveien"), ("0152 Oslo", "5003 Bergen", "4005 Stavanger")),
    "GB": (("High Street", "Station Road", "Mill Lane", "Church Road"), ("Leicester LE1 3AB", "Hull HU1 2AA")),
    "US": (("Main Street", "Oak Avenue", "Industrial Parkway"), ("Houston, TX 77002", "Newark, NJ 07102")),
    "CA": (("King Street", "Rue Sainte-Catherine", "Main Street"), ("Toronto, ON M5H 2N2", "Montreal, QC H3B 1A7")),
}
COMPANY_SUFFIX = {"NO": "AS", "GB": "Ltd", "US": "LLC", "CA": "Inc."}
DIAL_OUT = {"NO": "00", "GB": "00", "US": "011", "CA": "011"}  # the international call prefix

# sector -> (name word, evidence about the workplace)
LABOUR = {
    "car_wash": ("Car Wash", ("excessive_hours", "underpayment")),
    "construction": ("Building", ("unsafe_workplace", "excessive_hours")),
    "restaurant": ("Kitchen", ("health_code_breach", "underpayment")),
    "cleaning": ("Cleaning", ("underpayment", "excessive_hours")),
    "agriculture": ("Farm", ("unsafe_workplace", "underpayment")),
}
SEXUAL = {
    "massage_parlour": ("Massage", ("health_code_breach",)),
    "nightclub": ("Club", ("licence_breach",)),
    "short_term_rental": ("Apartments", ("licence_breach",)),
}
#: Kinds of evidence that show something over a period (dated with `until`).
LASTING = frozenset({"financial", "payroll", "surveillance", "online_ad", "communication"})
VICTIM_STATUSES = ("irregular", "permit", "resident", "asylum_seeker", "unknown")
VICTIM_WEIGHTS = (25, 25, 20, 20, 10)
