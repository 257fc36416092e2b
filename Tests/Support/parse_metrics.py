#!/usr/bin/env python3
"""Parses a Prometheus text exposition file with prometheus_client's parser (the Python reference client's) and
prints what it read as JSON, for the VigieMetrics tests: Vigie's metrics file must be read by a real parser, not
only by the code that wrote it.

Needs prometheus_client (`python3 -m pip install prometheus-client`, or Debian's python3-prometheus-client).

USAGE
    python3 Tests/Support/parse_metrics.py FILE

OUTPUT (one JSON document on standard output)
    [{"name": "vigie_polls", "type": "counter", "help": "Feed polls by outcome.",
      "samples": [{"name": "vigie_polls_total", "labels": {"outcome": "fetched"}, "value": "3.0"}, ...]}, ...]

    Families in file order. The parser names a counter family without its `_total` (its samples keep it). Each
    value is Python's repr of the float ("3.0", "nan", "inf"), so that NaN and infinities survive JSON.

EXIT STATUS
    0 parsed; 1 the file does not parse (the parser's words on standard error); 2 prometheus_client is missing.
"""
import json
import sys

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError as error:
    print(f"parse_metrics.py: cannot import prometheus_client ({error}); install it: "
          "python3 -m pip install prometheus-client (or apt-get install python3-prometheus-client)", file=sys.stderr)
    sys.exit(2)


def main():
    if len(sys.argv) != 2:
        print("usage: parse_metrics.py FILE", file=sys.stderr)
        sys.exit(1)
    path = sys.argv[1]
    with open(path, encoding="utf-8") as file:
        text = file.read()
    try:
        families = [
            {
                "name": family.name,
                "type": family.type,
                "help": family.documentation,
                "samples": [
                    {"name": sample.name, "labels": sample.labels, "value": repr(float(sample.value))}
                    for sample in family.samples
                ],
            }
            for family in text_string_to_metric_families(text)
        ]
    except Exception as error:  # the parser raises ValueError and others on malformed text
        print(f"parse_metrics.py: {path} does not parse: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
    json.dump(families, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
