"""Building: a guide and the formats asked for -> their files in output/, only what is out of date.

pipeline runs a build; cache decides what is out of date and writes files atomically; workers
build formats side by side; progress reports what happens.
"""
