"""The email course: ten emails generated from the lessons, and their exports.

draft.py     what each email says (subject, links, the lesson's short version)
render.py    HTML (inlined CSS) and plain-text bodies from Jinja2 templates
mime.py      RFC 5322 messages (.eml) and the preview mailbox (.mbox)
exports.py   sequence.json, Kit and listmonk request bodies, the gallery page
sequence.py  all artefacts of one run, checked, as file name -> bytes
send.py      test copies through a real SMTP server
"""
