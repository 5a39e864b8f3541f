"""Runs the AWS SAM translator (aws-sam-translator, the code CloudFormation's AWS::Serverless transform runs) on a
template, as `sam deploy` would after packaging: every local CodeUri becomes an S3 location. Reads the parameter
values as a JSON object on stdin; prints the transformed template as JSON. Exit status 3: samtranslator is missing.

Usage: python3 sam_translate.py TEMPLATE REGION[,REGION...] < parameters.json
With several regions, prints one object: each region's transformed template under its name.
"""
import json
import os
import sys

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except ImportError as missing:
    print(f"samtranslator not installed: {missing}", file=sys.stderr)
    sys.exit(3)


class NoManagedPolicies:
    """The template names no managed policy by name, so nothing needs IAM to look one up."""

    def load(self):
        return {}


def translate(template_path, region, parameters):
    with open(template_path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        code = properties.get("CodeUri")
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(code, str) \
                and not code.startswith("s3://"):
            properties["CodeUri"] = "s3://callhook-deploy/" + os.path.basename(code)
    os.environ["AWS_DEFAULT_REGION"] = region
    values = dict(parameters)
    values["AWS::Region"] = region
    return transform(template, values, NoManagedPolicies())


def main():
    template_path, regions = sys.argv[1], sys.argv[2].split(",")
    parameters = json.load(sys.stdin)
    if len(regions) == 1:
        output = translate(template_path, regions[0], parameters)
    else:
        output = {region: translate(template_path, region, parameters) for region in regions}
    json.dump(output, sys.stdout, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
