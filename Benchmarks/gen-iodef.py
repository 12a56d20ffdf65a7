#!/usr/bin/env python3
"""Writes a synthetic IODEF v2 feed of about SIZE_MB megabytes (10^6 bytes) to OUT.

    Benchmarks/gen-iodef.py SIZE_MB OUT

Each Incident has the parts real feeds carry (times, several Descriptions in the six UN
languages with entities and CDATA, Discovery, Assessment with IncidentCategory and impacts,
Method/Reference, Contact, EventData with Flow and Record, AdditionalData), so the importer
reads some and skips the rest. The output is deterministic: the same arguments give the same file.
"""
import random
import sys

DESCRIPTIONS = [
    ("en", "An adult contacted a 12-year-old on a game chat &amp; offered gift cards for photos."),
    ("fr", "Un compte anonyme menace de publier des photos intimes d'une adolescente."),
    ("es", "Varios alumnos difunden fotos de un compañero con insultos en un grupo."),
    ("ru", "Взрослый пользователь просит у ребёнка фотографии и предлагает встретиться."),
    ("ar", "حساب يطلب من طفل إرسال صور مقابل هدايا في لعبة على الإنترنت."),
    ("zh", "一名成年人在直播平台上诱导未成年人私聊并索要照片。"),
]
CATEGORIES = ["grooming", "sextortion", "cyberbullying", "csam", "scam", "self-harm"]
IMPACTS = ["breach-privacy", "extortion", "degraded-reputation", "ext-value"]


def incident(number: int, rng: random.Random) -> str:
    lang, text = DESCRIPTIONS[number % len(DESCRIPTIONS)]
    other_lang, other_text = DESCRIPTIONS[(number + 1) % len(DESCRIPTIONS)]
    impact = rng.choice(IMPACTS)
    ext = ' ext-type="csam-hotline-referral"' if impact == "ext-value" else ""
    ip = f"192.0.2.{number % 250 + 1}"
    return f"""  <Incident purpose="reporting" status="new" restriction="amber" xml:lang="{lang}">
    <IncidentID name="hotline{number % 7}.example.org">INC-{number:09d}</IncidentID>
    <ReportTime>2024-03-{number % 28 + 1:02d}T10:{number % 60:02d}:00Z</ReportTime>
    <GenerationTime>2024-03-{number % 28 + 1:02d}T10:{number % 60:02d}:30+01:00</GenerationTime>
    <Description>{text} Case {number}.</Description>
    <Description xml:lang="{other_lang}"><![CDATA[{other_text}]]></Description>
    <Discovery source="external-notification"><Description>Reported by a parent.</Description></Discovery>
    <Assessment occurrence="actual">
      <IncidentCategory>{CATEGORIES[number % len(CATEGORIES)]}</IncidentCategory>
      <SystemImpact type="breach-privacy" severity="high"/>
      <BusinessImpact type="{impact}"{ext} severity="medium"/>
    </Assessment>
    <Method>
      <Reference><URL>https://taxonomy.example.org/{CATEGORIES[number % len(CATEGORIES)]}</URL><Description>Partner taxonomy entry.</Description></Reference>
    </Method>
    <Contact role="creator" type="organization">
      <ContactName>Example Hotline {number % 7}</ContactName>
      <Email><EmailTo>reports{number % 7}@hotline.example.org</EmailTo></Email>
    </Contact>
    <EventData>
      <Description>Messages were sent over {rng.randint(2, 40)} days.</Description>
      <Flow><System category="source"><Node><Address category="ipv4-addr">{ip}</Address></Node><Service ip-protocol="6"><Port>443</Port></Service></System></Flow>
      <Record><RecordData><DateTime>2024-03-01T09:00:00Z</DateTime><RecordItem dtype="string"><![CDATA[GET /profile/{rng.getrandbits(32):08x} HTTP/1.1 <ua>]]></RecordItem></RecordData></Record>
    </EventData>
    <AdditionalData dtype="xml" meaning="partner-note"><note xmlns="urn:example:note"><seen>{rng.getrandbits(24)}</seen></note></AdditionalData>
  </Incident>
"""


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: gen-iodef.py SIZE_MB OUT")
    target = float(sys.argv[1]) * 1_000_000
    rng = random.Random(7970)
    written = 0
    count = 0
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<IODEF-Document version="2.00" xml:lang="en" xmlns="urn:ietf:params:xml:ns:iodef-2.0">\n')
        out.write(head)
        written += len(head.encode())
        while written < target:
            block = incident(count, rng)
            out.write(block)
            written += len(block.encode())
            count += 1
        out.write("</IODEF-Document>\n")
    print(f"{sys.argv[2]}: {count} incidents, {written} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
