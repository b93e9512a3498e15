"""Writes the two documents of the outside attack round as request bodies for POST /api/documents.

big.json: about 5 MB of text citing 2,000 URLs over and over (about 50,000 occurrences).
spell.json: 2,000 URLs, each cited in three spellings (https, http, bare with a tracking parameter).
"""
import json

lines, size, i = [], 0, 0
while True:
    line = f"Paragraph {i}: as reported at https://www.example.org/report/{i % 2000}?lang=es, the measures continued.\n"
    if size + len(line) > 5_150_000:
        break
    lines.append(line)
    size += len(line)
    i += 1
json.dump({"title": "Big", "text": "".join(lines)}, open("big.json", "w"))

spellings = [f"See https://www.example.org/p/{n} and http://www.example.org/p/{n} and www.example.org/p/{n}?utm_source=x.\n" for n in range(2000)]
json.dump({"title": "Spellings", "text": "".join(spellings)}, open("spell.json", "w"))
