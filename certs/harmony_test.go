package certs_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
	"github.com/imconsole/imconsole/internal/testkit"
)

// HarmonyOS's console form (im-facts, Per vendor fields: "HarmonyOS
// (269/108823): 包名, upload service-account JSON 凭证, 分类
// (self-classification, e.g. 即时聊天), 跳转动作 (打开应用 /
// 打开应用内指定页面 as scheme://host:port/path). -> 证书 ID assigned.")
// is a certificate of its own platform: created, read back with the
// service account masked, listed under PlatformHarmonyOS only.
func TestCreateHarmonyOS(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	cred := harmony(t)
	got, err := console.Certs.CreateHarmonyOS(ctx, id, cred, certs.ClickAction{})
	require.NoError(t, err)
	want := certs.Certificate{
		CertificateID: 10001, Platform: certs.PlatformHarmonyOS, Vendor: certs.VendorHarmonyOS, ClickAction: certs.OpenApp(),
		CreatedAt: got.CreatedAt, UpdatedAt: got.CreatedAt,
		PackageName: "com.example.chat", Category: certs.HarmonyCategoryIM, ProjectID: "101783233", ServiceAccountJSON: certs.Masked,
	}
	assert.Equal(t, &want, got)
	again, err := console.Certs.Get(ctx, id, got.CertificateID)
	require.NoError(t, err)
	assert.Equal(t, got, again)
	stored, ok := srv.PushCertificateFields(id, got.CertificateID)
	require.True(t, ok)
	assert.Equal(t, string(cred.ServiceAccountJSON), stored.ServiceAccountJSON, "the server keeps the secret")

	android := newHuawei(t, console, id)
	for _, tc := range []struct {
		platform certs.Platform
		want     []uint64
	}{
		{certs.PlatformHarmonyOS, []uint64{got.CertificateID}},
		{certs.PlatformAndroid, []uint64{android.CertificateID}},
		{"", []uint64{got.CertificateID, android.CertificateID}},
	} {
		list, err := console.Certs.List(ctx, id, tc.platform)
		require.NoError(t, err)
		var ids []uint64
		for _, c := range list {
			ids = append(ids, c.CertificateID)
		}
		assert.Equal(t, tc.want, ids, "platform %q", tc.platform)
	}
	assert.Equal(t, certs.PlatformHarmonyOS, certs.VendorHarmonyOS.Platform())
	assert.Contains(t, certs.Vendors(), certs.VendorHarmonyOS)
}

// TestHarmonyOSRefusals: each field of the form is required and checked
// (docs/protocol.md, Credential fields per vendor), by the SDK and the
// server alike.
func TestHarmonyOSRefusals(t *testing.T) {
	t.Parallel()
	with := func(edit func(m map[string]any)) func(t *testing.T) certs.HarmonyOS {
		return func(t *testing.T) certs.HarmonyOS {
			h := harmony(t)
			h.ServiceAccountJSON = editedAccount(t, harmonyAccount(t), edit)
			return h
		}
	}
	edit := func(change func(h *certs.HarmonyOS)) func(t *testing.T) certs.HarmonyOS {
		return func(t *testing.T) certs.HarmonyOS {
			h := harmony(t)
			change(&h)
			return h
		}
	}
	cases := []struct {
		name    string
		cred    func(t *testing.T) certs.HarmonyOS
		code    string
		mention string
	}{
		{"no package name", edit(func(h *certs.HarmonyOS) { h.PackageName = "" }), "MissingParameter", "PackageName"},
		{"no service account", edit(func(h *certs.HarmonyOS) { h.ServiceAccountJSON = nil }), "MissingParameter", "ServiceAccountJson"},
		{"no category", edit(func(h *certs.HarmonyOS) { h.Category = "" }), "MissingParameter", "Category"},
		{"a category in lower case", edit(func(h *certs.HarmonyOS) { h.Category = "im" }), "InvalidParameterValue.Category", `"im"`},
		{"a category by its Chinese name", edit(func(h *certs.HarmonyOS) { h.Category = "即时聊天" }), "InvalidParameterValue.Category", "IM"},
		{"a one-part package name", edit(func(h *certs.HarmonyOS) { h.PackageName = "chat" }), "InvalidParameterValue.PackageName", "bundle name"},
		{"a package name of 129 characters", edit(func(h *certs.HarmonyOS) { h.PackageName = "com." + strings.Repeat("a", 125) }), "InvalidParameterValue.PackageName", "128"},
		{"a package name of 6 characters", edit(func(h *certs.HarmonyOS) { h.PackageName = "a.bcde" }), "InvalidParameterValue.PackageName", "7"},
		{"the mask as the service account", edit(func(h *certs.HarmonyOS) { h.ServiceAccountJSON = []byte(certs.Masked) }), "InvalidParameterValue.ServiceAccountJson", "mask"},
		{"an FCM service account", edit(func(h *certs.HarmonyOS) { h.ServiceAccountJSON = serviceAccount(t) }), "InvalidParameterValue.ServiceAccountJson", "key_id"},
		{"invalid JSON", edit(func(h *certs.HarmonyOS) { h.ServiceAccountJSON = []byte(`{"project_id": `) }), "InvalidParameterValue.ServiceAccountJson", "not valid JSON"},
		{"no project_id", with(func(m map[string]any) { delete(m, "project_id") }), "InvalidParameterValue.ServiceAccountJson", "project_id"},
		{"no key_id", with(func(m map[string]any) { delete(m, "key_id") }), "InvalidParameterValue.ServiceAccountJson", "key_id"},
		{"no sub_account", with(func(m map[string]any) { delete(m, "sub_account") }), "InvalidParameterValue.ServiceAccountJson", "sub_account"},
		{"a numeric sub_account", with(func(m map[string]any) { m["sub_account"] = 101783233 }), "InvalidParameterValue.ServiceAccountJson", "sub_account"},
		{"no private_key", with(func(m map[string]any) { delete(m, "private_key") }), "InvalidParameterValue.ServiceAccountJson", "private_key"},
		{"a private_key that is not PEM", with(func(m map[string]any) { m["private_key"] = "MIIJQgIBADANBgkqhkiG9w0BAQEFAASC" }), "InvalidParameterValue.ServiceAccountJson", "private_key"},
	}
	var creates []createCase
	for _, tc := range cases {
		creates = append(creates, createCase{tc.name, func(t *testing.T, id uint64) *certs.CreateRequest {
			return certs.NewCreateRequest(id, tc.cred(t), certs.ClickAction{})
		}, tc.code, tc.mention})
	}
	runCreateRefusals(t, creates)
	runCreateRefusals(t, []createCase{
		{"Android as its platform", func(t *testing.T, id uint64) *certs.CreateRequest {
			req := certs.NewCreateRequest(id, harmony(t), certs.ClickAction{})
			req.Platform = certs.PlatformAndroid
			return req
		}, "InvalidParameterValue.Platform", "HarmonyOS"},
		{"an AppSecret", func(t *testing.T, id uint64) *certs.CreateRequest {
			req := certs.NewCreateRequest(id, harmony(t), certs.ClickAction{})
			req.AppSecret = "huawei-secret"
			return req
		}, "InvalidParameter", "AppSecret does not apply to HarmonyOS"},
		{"a Category on Huawei", func(t *testing.T, id uint64) *certs.CreateRequest {
			req := certs.NewCreateRequest(id, huawei(), certs.ClickAction{})
			req.Category = certs.HarmonyCategoryIM
			return req
		}, "InvalidParameter", "Category does not apply to Huawei"},
		{"a HarmonyOS service account on FCM", func(t *testing.T, id uint64) *certs.CreateRequest {
			return &certs.CreateRequest{SDKAppID: id, Vendor: certs.VendorFCM, Fields: certs.Fields{ServiceAccountJSON: string(harmonyAccount(t))}}
		}, "InvalidParameterValue.ServiceAccountJson", `"type"`},
	})
}

// TestHarmonyOSCategories: every self-classification docs/protocol.md
// lists is accepted as it is written there.
func TestHarmonyOSCategories(t *testing.T) {
	t.Parallel()
	want := []certs.HarmonyCategory{"IM", "VOIP", "SUBSCRIPTION", "TRAVEL", "HEALTH", "WORK", "ACCOUNT", "EXPRESS", "FINANCE", "DEVICE_REMINDER", "MAIL", "CUSTOMER_SERVICE", "MARKETING"}
	assert.Equal(t, want, certs.HarmonyCategories())
	_, console, id := setup(t)
	for _, c := range want {
		h := harmony(t)
		h.Category = c
		got, err := console.Certs.CreateHarmonyOS(t.Context(), id, h, certs.ClickAction{})
		require.NoError(t, err, c)
		assert.Equal(t, c, got.Category)
	}
}

// TestHarmonyOSClickActions: 跳转动作 is 打开应用 or 打开应用内指定页面 as
// scheme://host:port/path (im-facts, HarmonyOS): OpenApp, or OpenPage with
// a PageUri; no web page, and no Android intent or activity. A PageUri is
// HarmonyOS's only, so an Android certificate refuses it.
func TestHarmonyOSClickActions(t *testing.T) {
	t.Parallel()
	for _, click := range []certs.ClickAction{
		{},
		certs.OpenApp(),
		certs.OpenPageURI("myapp://chat:8080/detail"),
		certs.OpenPageURI("myapp://chat/detail"),
		certs.OpenPageURI("myapp://chat"),
	} {
		t.Run("valid "+fmt.Sprint(click), func(t *testing.T) {
			t.Parallel()
			_, console, id := setup(t)
			got, err := console.Certs.CreateHarmonyOS(t.Context(), id, harmony(t), click)
			require.NoError(t, err)
			want := click
			if want.Type == "" {
				want.Type = certs.ClickOpenApp
			}
			assert.Equal(t, want, got.ClickAction)
		})
	}
	var invalid []createCase
	for _, tc := range []struct {
		name    string
		click   certs.ClickAction
		code    string
		mention string
	}{
		{"a web page", certs.OpenURL("https://example.com"), "InvalidParameterValue.ClickAction", "HarmonyOS"},
		{"an Android intent", certs.OpenIntent("intent://chat#Intent;scheme=myapp;end"), "InvalidParameterValue.ClickAction", "PageUri"},
		{"an Android activity", certs.OpenActivity("com.example.chat.ChatActivity"), "InvalidParameterValue.ClickAction", "PageUri"},
		{"an empty page", certs.ClickAction{Type: certs.ClickOpenPage}, "MissingParameter", "PageUri"},
		{"no host", certs.OpenPageURI("myapp:///detail"), "InvalidParameterValue.ClickAction", "scheme://host:port/path"},
		{"no scheme", certs.OpenPageURI("chat/detail"), "InvalidParameterValue.ClickAction", "scheme://host:port/path"},
		{"an opaque URI", certs.OpenPageURI("myapp:chat"), "InvalidParameterValue.ClickAction", "scheme://host:port/path"},
		{"a space", certs.OpenPageURI("myapp://chat/de tail"), "InvalidParameterValue.ClickAction", "PageUri"},
		{"a query", certs.OpenPageURI("myapp://chat/detail?id=1"), "InvalidParameterValue.ClickAction", "query"},
		{"a fragment", certs.OpenPageURI("myapp://chat/detail#top"), "InvalidParameterValue.ClickAction", "fragment"},
		{"a port out of range", certs.OpenPageURI("myapp://chat:70000/detail"), "InvalidParameterValue.ClickAction", "port"},
		{"1025 characters", certs.OpenPageURI("myapp://chat/" + strings.Repeat("新", 1025-len("myapp://chat/"))), "InvalidParameterValue.ClickAction", "1024"},
		{"a PageUri with OpenApp", certs.ClickAction{Type: certs.ClickOpenApp, PageURI: "myapp://chat"}, "InvalidParameterValue.ClickAction", "OpenApp"},
	} {
		invalid = append(invalid, createCase{"invalid " + tc.name, func(t *testing.T, id uint64) *certs.CreateRequest {
			return certs.NewCreateRequest(id, harmony(t), tc.click)
		}, tc.code, tc.mention})
	}
	invalid = append(invalid, createCase{"PageUri on Android", func(t *testing.T, id uint64) *certs.CreateRequest {
		return certs.NewCreateRequest(id, huawei(), certs.OpenPageURI("myapp://chat/detail"))
	}, "InvalidParameterValue.ClickAction", "HarmonyOS"})
	runCreateRefusals(t, invalid)
}

// TestUpdateHarmonyOS: empty fields and the masked service account keep
// what is stored; a new category, key file and page replace it; the
// merged certificate is checked as a create.
func TestUpdateHarmonyOS(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	created, err := console.Certs.CreateHarmonyOS(ctx, id, harmony(t), certs.ClickAction{})
	require.NoError(t, err)
	cid := created.CertificateID

	page := certs.OpenPageURI("myapp://chat:8080/detail")
	got, err := console.Certs.Update(ctx, id, cid, certs.Update{ClickAction: &page, Credential: certs.HarmonyOS{Category: certs.HarmonyCategoryVoIP, ServiceAccountJSON: []byte(certs.Masked)}})
	require.NoError(t, err)
	assert.Equal(t, page, got.ClickAction)
	assert.Equal(t, certs.HarmonyCategoryVoIP, got.Category)
	assert.Equal(t, certs.Masked, got.ServiceAccountJSON)
	assert.Equal(t, "com.example.chat", got.PackageName)
	stored, ok := srv.PushCertificateFields(id, cid)
	require.True(t, ok)
	assert.Equal(t, string(harmonyAccount(t)), stored.ServiceAccountJSON, "the mask kept the key file")

	rotated, err := certstest.HarmonyServiceAccountJSON("101999999")
	require.NoError(t, err)
	got, err = console.Certs.Update(ctx, id, cid, certs.Update{Credential: certs.HarmonyOS{ServiceAccountJSON: rotated}})
	require.NoError(t, err)
	assert.Equal(t, "101999999", got.ProjectID, "read from the new key file")
	stored, _ = srv.PushCertificateFields(id, cid)
	assert.Equal(t, string(rotated), stored.ServiceAccountJSON)

	// Without Vendor the SDK checks the key file by its shape (no "type":
	// HarmonyOS's), so a valid one passes; the server checks the merge.
	raw := &certs.UpdateRequest{SDKAppID: id, CertificateID: cid, Fields: certs.Fields{ServiceAccountJSON: string(harmonyAccount(t))}}
	require.NoError(t, raw.Validate())
	_, err = console.Certs.Modify(ctx, raw)
	require.NoError(t, err)
	// Names are case-sensitive: a "Type" is not FCM's "type", so the file
	// is still HarmonyOS's, for the SDK as for the server.
	var doc map[string]any
	require.NoError(t, json.Unmarshal(harmonyAccount(t), &doc))
	doc["Type"] = "x"
	typed, err := json.Marshal(doc)
	require.NoError(t, err)
	raw.Fields.ServiceAccountJSON = string(typed)
	require.NoError(t, raw.Validate())
	_, err = console.Certs.Modify(ctx, raw)
	require.NoError(t, err)

	before := len(srv.Requests())
	_, err = console.Certs.Update(ctx, id, cid, certs.Update{Credential: certs.HarmonyOS{Category: "Chat"}})
	requireLocal(t, srv, before, err, "InvalidParameterValue.Category")
	_, err = console.Certs.Modify(ctx, &certs.UpdateRequest{SDKAppID: id, CertificateID: cid, ClickAction: &certs.ClickAction{Type: certs.ClickOpenURL, URL: "https://example.com"}})
	ae := testkit.RequireCode(t, err, "InvalidParameterValue.ClickAction")
	assert.NotEmpty(t, ae.RequestID, "without Vendor only the server knows the platform")
	_, err = console.Certs.Update(ctx, id, cid, certs.Update{Credential: certs.Huawei{AppID: "1"}})
	testkit.RequireCode(t, err, "InvalidParameterValue.Vendor")
}

// TestHarmonyOSPrintsMasked: the HarmonyOS credential masks its key file
// as the other credential types mask theirs (String, every fmt verb,
// MarshalJSON), and shows its public fields.
func TestHarmonyOSPrintsMasked(t *testing.T) {
	t.Parallel()
	h := harmony(t)
	assert.Equal(t, `certs.HarmonyOS{PackageName: "com.example.chat", ServiceAccountJSON: ******, Category: "IM"}`, h.String())
	assert.Equal(t, h.String(), fmt.Sprintf("%#v", h))
	got, err := json.Marshal(h)
	require.NoError(t, err)
	assert.JSONEq(t, `{"PackageName": "com.example.chat", "ServiceAccountJSON": "******", "Category": "IM"}`, string(got))
	got, err = json.Marshal(certs.FCM{MessageType: certs.FCMData})
	require.NoError(t, err)
	assert.JSONEq(t, `{"MessageType": "Data"}`, string(got))
}
