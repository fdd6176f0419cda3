"""Demo data, in one place: the accounts, files, requests, committee work and survey answers
that `manage.py load_demo_data` loads for development. Everything goes through the apps'
services, as people's actions do (timeline rows, history and messages included); to give the
data a past, each step runs at the moment it would have happened (`demo.clock.on`)."""
