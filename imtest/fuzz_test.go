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
	"github.com/imconsole/imconsole/tags"
)

// consoleActions are the actions FuzzRequestDecoding sends.
var consoleActions = []string{
	apps.ActionRegister, apps.ActionList, apps.ActionGet, apps.ActionUpdateProfile, apps.ActionUpgradeEdition,
	apps.ActionDisable, apps.ActionDelete, apps.ActionSecret, apps.ActionUpgradeSignatureAlgorithm, apps.ActionEnableTRTC,
	admins.ActionList, admins.ActionAdd, admins.ActionDelete, tags.ActionList, tags.ActionModify,
	certs.ActionList, certs.ActionCreate, certs.ActionModify, certs.ActionDelete,
}

// FuzzRequestDecoding sends signed console requests with fuzzed bodies to a
// fresh server with one app ($APP in a body is its SdkAppId; seeds in
// testdata/fuzz/FuzzRequestDecoding: every console request of
// testdata/conformance.json, trailing data, an overlong ClientToken, tag
// filters). An unknown action is mapped onto a known one. Every answer
// is the API 3.0 envelope, never a 500, with a message of at most 4 KiB;
// a success means the body was exactly one JSON object.
func FuzzRequestDecoding(f *testing.F) {
	f.Fuzz(func(t *testing.T, action string, body []byte) {
		if !slices.Contains(consoleActions, action) {
			h := fnv.New32a()
			h.Write([]byte(action))
			action = consoleActions[h.Sum32()%uint32(len(consoleActions))]
		}
		srv := mustNew(t)
		app, err := srv.SeedApp(imtest.AppSeed{})
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.ReplaceAll(body, []byte("$APP"), strconv.AppendUint(nil, app.SDKAppID, 10))
		got := send(t, srv, action, body, true)
		if got.status == http.StatusInternalServerError {
			t.Fatalf("500 for %s %q: %s", action, body, got.body)
		}
		if len(got.message) > 4<<10+3 {
			t.Fatalf("a message of %d bytes", len(got.message))
		}
		if got.status == http.StatusOK {
			var v map[string]any
			d := json.NewDecoder(bytes.NewReader(body))
			if d.Decode(&v) != nil || d.More() {
				t.Fatalf("%s answered 200 to a body that is not one JSON object: %q", action, body)
			}
		}
	})
}
