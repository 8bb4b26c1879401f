import json, time
from io import StringIO
from pathlib import Path
import pytest
from django.core.management import call_command

@pytest.mark.django_db
def test_explore(tmp_path):
    t=time.time()
    call_command("demo", stdout=StringIO())
    print("demo", time.time()-t)
    from libcoveocds.config import LibCoveOCDSConfig
    from libcoveocds.api import ocds_json_output
    for ref in ["NV-2026-031", "NV-2027-004"]:
        out = StringIO()
        call_command("ocds_export", ref, stdout=out)
        text = out.getvalue()
        Path(f"/tmp/ocdsx/{ref}.json").write_text(text)
        config = LibCoveOCDSConfig()
        config.config["standard_zip"] = "file:///work/shared/ocds/standard-1__1__5.zip"
        config.config["context"] = "api"
        p = tmp_path / f"{ref}.json"; p.write_text(text)
        t=time.time()
        result = ocds_json_output(str(tmp_path), str(p), "1.1", convert=False, lib_cove_ocds_config=config)
        print("cove", time.time()-t)
        print(json.dumps(result, indent=1, default=str)[:6000])
