package imtest_test

import (
	"bytes"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/imconsole/imconsole/admins"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/imtest"
)

// fuzzedActions are the actions FuzzRequestDecoding sends: every console
// action (service im) and every real API 3.0 action.
var fuzzedActions = []struct{ service, action string }{
	{"im", apps.ActionRegister}, {"im", apps.ActionList}, {"im", apps.ActionGet}, {"im", apps.ActionUpdateProfile},
	{"im", apps.ActionUpgradeEdition}, {"im", apps.ActionDisable}, {"im", apps.ActionDelete}, {"im", apps.ActionSecret},
	{"im", apps.ActionUpgradeSignatureAlgorithm}, {"im", apps.ActionEnableTRTC},
	{"im", admins.ActionList}, {"im", admins.ActionAdd}, {"im", admins.ActionDelete},
	{"im", certs.ActionList}, {"im", certs.ActionCreate}, {"im", certs.ActionModify}, {"im", certs.ActionDelete},
	{"cim", "DescribeSdkAppid"}, {"cam", "GetUserAppId"},
	{"tag", "ModifyResourceTags"}, {"tag", "DescribeResourceTagsByResourceIds"}, {"tag", "GetResources"},
	{"tag", "TagResources"}, {"tag", "UnTagResources"},
}

// FuzzRequestDecoding sends signed API 3.0 requests with fuzzed bodies to a
// fresh server with one app ($APP in a body is its SdkAppId, $RESOURCE its
// Tag API name; seeds in
// testdata/fuzz/FuzzRequestDecoding: every console, cim, cam and Tag API
// request of testdata/conformance.json, trailing data, an overlong
// ClientToken, tag filters). An unknown action is mapped onto a known one. Every answer
// is the API 3.0 envelope with HTTP 200, with a message of at most 4 KiB;
// a success means the body was exactly one JSON object.
func FuzzRequestDecoding(f *testing.F) {
	f.Fuzz(func(t *testing.T, action string, body []byte) {
		i := slices.IndexFunc(fuzzedActions, func(a struct{ service, action string }) bool { return a.action == action })
		if i < 0 {
			h := fnv.New32a()
			h.Write([]byte(action))
			i = int(h.Sum32() % uint32(len(fuzzedActions)))
		}
		service, action := fuzzedActions[i].service, fuzzedActions[i].action
		srv := mustNew(t)
		app, err := srv.SeedApp(imtest.AppSeed{})
		if err != nil {
			t.Fatal(err)
		}
		info := defaultAccount(t, srv)
		body = bytes.ReplaceAll(body, []byte("$RESOURCE"), []byte(info.Resource(app.SDKAppID)))
		body = bytes.ReplaceAll(body, []byte("$APP"), strconv.AppendUint(nil, app.SDKAppID, 10))
		got := sendTo(t, srv, service, action, body, true)
		if got.status != http.StatusOK {
			t.Fatalf("HTTP %d for %s %q: %s", got.status, action, body, got.body)
		}
		if len(got.message) > 4<<10+3 {
			t.Fatalf("a message of %d bytes", len(got.message))
		}
		if got.code == "" {
			var v map[string]any
			d := json.NewDecoder(bytes.NewReader(body))
			if d.Decode(&v) != nil || d.More() {
				t.Fatalf("%s answered 200 to a body that is not one JSON object: %q", action, body)
			}
		}
	})
}
