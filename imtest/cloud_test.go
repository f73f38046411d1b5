package imtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/tc3"
	"github.com/imconsole/imconsole/tags"
)

// cloudCall sends one action of service as the default account, checks the
// answer is HTTP 200, and decodes a success into out; it returns the error
// code ("" on success).
func cloudCall(t *testing.T, srv *imtest.Server, service, action, body string, out any) string {
	t.Helper()
	got := sendTo(t, srv, service, action, []byte(body), true)
	require.Equal(t, http.StatusOK, got.status, "every answered request is HTTP 200: %s", got.body)
	if got.code == "" && out != nil {
		var env struct{ Response json.RawMessage }
		require.NoError(t, json.Unmarshal(got.body, &env))
		require.NoError(t, json.Unmarshal(env.Response, out))
	}
	return got.code
}

type mapping struct {
	Resource string
	Tags     []struct{ TagKey, TagValue string }
}

type page struct {
	PaginationToken        string
	ResourceTagMappingList []mapping
}

func TestCIMAndCAM(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	var ids []uint64
	for range 3 {
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		ids = append(ids, app.SDKAppID)
	}
	other, _ := srv.NewAccount()
	_, err := srv.SeedApp(imtest.AppSeed{SecretID: other})
	require.NoError(t, err)
	// Delete the second app as its owner does: disable, then delete.
	for _, action := range []string{apps.ActionDisable, apps.ActionDelete} {
		got := send(t, srv, action, []byte(fmt.Sprintf(`{"SdkAppId":%d}`, ids[1])), true)
		require.Empty(t, got.code, got.message)
	}

	var sdk struct{ SdkAppids []uint64 }
	require.Empty(t, cloudCall(t, srv, "cim", "DescribeSdkAppid", `{}`, &sdk))
	assert.Equal(t, "cim", srv.RequestsFor("DescribeSdkAppid")[0].Service)
	assert.Equal(t, []uint64{ids[0], ids[2]}, sdk.SdkAppids, "the account's apps, ascending, the deleted one gone")

	var who struct {
		Uin, OwnerUin string
		AppId         uint64
	}
	require.Empty(t, cloudCall(t, srv, "cam", "GetUserAppId", `{}`, &who))
	info := defaultAccount(t, srv)
	assert.Equal(t, imtest.AccountInfo{Uin: who.Uin, OwnerUin: who.OwnerUin, AppID: who.AppId}, info)
	assert.Equal(t, "100000000001", info.Uin, "stable: the first account's")
	otherInfo, err := srv.AccountInfo(other)
	require.NoError(t, err)
	assert.NotEqual(t, info.OwnerUin, otherInfo.OwnerUin)
	_, err = srv.AccountInfo("AKIDnobody")
	assert.ErrorContains(t, err, "NewAccount")
}

func TestRoutingAnswersLikeTencent(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	tests := []struct{ service, action, code string }{
		{"cim", "DescribeSdkAppid", ""},
		{"cim", "GetUserAppId", "InvalidAction"},
		{"cam", "DescribeSdkAppid", "InvalidAction"},
		{"tag", "DescribeIMApps", "InvalidAction"},
		{"im", "GetResources", "InvalidAction"},
		{"cvm", "DescribeInstances", "AuthFailure.SignatureFailure"},
	}
	for _, tt := range tests {
		t.Run(tt.service+" "+tt.action, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.code, sendTo(t, srv, tt.service, tt.action, []byte(`{}`), true).code)
		})
	}
}

func TestOneTagStatePerApp(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	info := defaultAccount(t, srv)
	a, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	b, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	require.NoError(t, srv.SeedTags(a.SDKAppID, map[string]string{"env": "prod"}))

	// Tag both through the Tag API, atomically: a 51st tag on one refuses both.
	require.NoError(t, srv.SeedTags(b.SDKAppID, numbered(50)))
	both := fmt.Sprintf(`["%s","%s"]`, info.Resource(a.SDKAppID), info.Resource(b.SDKAppID))
	assert.Equal(t, "LimitExceeded.ResourceAttachedTags", cloudCall(t, srv, "tag", "TagResources", `{"ResourceList":`+both+`,"Tags":[{"TagKey":"team","TagValue":"im"}]}`, nil))
	got, err := srv.Tags(a.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"env": "prod"}, got, "nothing changed")
	// Success answers an empty FailedResources (651/46532, 651/46533).
	var failed struct{ FailedResources *[]json.RawMessage }
	require.Empty(t, cloudCall(t, srv, "tag", "UnTagResources", fmt.Sprintf(`{"ResourceList":["%s"],"TagKeys":["k00"]}`, info.Resource(b.SDKAppID)), &failed))
	require.NotNil(t, failed.FailedResources, "UnTagResources answers FailedResources")
	assert.Empty(t, *failed.FailedResources)
	failed.FailedResources = nil
	require.Empty(t, cloudCall(t, srv, "tag", "TagResources", `{"ResourceList":`+both+`,"Tags":[{"TagKey":"team","TagValue":"im"}]}`, &failed))
	require.NotNil(t, failed.FailedResources, "TagResources answers FailedResources")
	assert.Empty(t, *failed.FailedResources)

	// DescribeIMApps' TagFilters see what the Tag API wrote.
	listed := send(t, srv, apps.ActionList, []byte(`{"TagFilters":[{"TagKey":"team","TagValues":["im"]},{"TagKey":"env"}]}`), true)
	assert.Contains(t, string(listed.body), `"TotalCount":1`)

	// ModifyResourceTags replaces and deletes in one change.
	require.Empty(t, cloudCall(t, srv, "tag", "ModifyResourceTags", fmt.Sprintf(`{"Resource":"%s","ReplaceTags":[{"TagKey":"env","TagValue":"dev"}],"DeleteTags":[{"TagKey":"team"}]}`, info.Resource(a.SDKAppID)), nil))
	got, err = srv.Tags(a.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"env": "dev"}, got)

	var tags struct {
		TotalCount, Offset, Limit uint64
		Tags                      []struct{ TagKey, TagValue, ResourceId, Category string }
	}
	require.Empty(t, cloudCall(t, srv, "tag", "DescribeResourceTagsByResourceIds", fmt.Sprintf(`{"ServiceType":"im","ResourcePrefix":"sdkappid","ResourceIds":["%d","%d"],"ResourceRegion":"","Offset":2,"Limit":2}`, a.SDKAppID, b.SDKAppID), &tags))
	assert.Equal(t, uint64(1+50), tags.TotalCount, "a's env, b's k01..k49 and team")
	assert.Equal(t, []uint64{2, 2}, []uint64{tags.Offset, tags.Limit})
	require.Len(t, tags.Tags, 2)
	assert.Equal(t, fmt.Sprint(b.SDKAppID), tags.Tags[0].ResourceId, "in the order named, by key within one")
	assert.Equal(t, "k02", tags.Tags[0].TagKey)
	assert.Equal(t, "Custom", tags.Tags[0].Category)
}

func TestGetResources(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	info := defaultAccount(t, srv)
	envs := []string{"prod", "dev", "prod", "test", "prod", ""}
	var ids []uint64
	for i, env := range envs {
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		ids = append(ids, app.SDKAppID)
		if env != "" {
			require.NoError(t, srv.SeedTags(app.SDKAppID, map[string]string{"env": env, "n": fmt.Sprint(i % 2)}))
		}
	}
	other, _ := srv.NewAccount()
	foreign, err := srv.SeedApp(imtest.AppSeed{SecretID: other})
	require.NoError(t, err)
	require.NoError(t, srv.SeedTags(foreign.SDKAppID, map[string]string{"env": "prod"}))

	resources := func(p page) []string {
		var out []string
		for _, m := range p.ResourceTagMappingList {
			out = append(out, m.Resource)
		}
		return out
	}
	res := func(is ...int) []string {
		var out []string
		for _, i := range is {
			out = append(out, info.Resource(ids[i]))
		}
		return out
	}
	tests := []struct {
		name, body string
		want       []string
	}{
		{"every tagged app of the account", `{}`, res(0, 1, 2, 3, 4)},
		{"values within a filter are OR'ed", `{"TagFilters":[{"TagKey":"env","TagValue":["dev","test"]}]}`, res(1, 3)},
		{"filters are AND'ed", `{"TagFilters":[{"TagKey":"env","TagValue":["prod"]},{"TagKey":"n","TagValue":["0"]}]}`, res(0, 2, 4)},
		{"a filter without values matches any value", `{"TagFilters":[{"TagKey":"n"}]}`, res(0, 1, 2, 3, 4)},
		{"no match", `{"TagFilters":[{"TagKey":"env","TagValue":["prod"]},{"TagKey":"n","TagValue":["1"]}]}`, nil},
		{"ResourceList: the named, tagged and own ones", fmt.Sprintf(`{"ResourceList":["%s","%s","%s"],"MaxResults":1}`, res(3)[0], info.Resource(ids[5]), info.Resource(foreign.SDKAppID)), res(3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p page
			require.Empty(t, cloudCall(t, srv, "tag", "GetResources", tt.body, &p))
			assert.Equal(t, tt.want, resources(p))
			assert.Empty(t, p.PaginationToken)
		})
	}
}

func TestGetResourcesPages(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	info := defaultAccount(t, srv)
	var want []string
	for range 5 {
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		require.NoError(t, srv.SeedTags(app.SDKAppID, map[string]string{"env": "prod"}))
		want = append(want, info.Resource(app.SDKAppID))
	}
	// Pages of two, following the token to the last page.
	var all []string
	token := ""
	for range 5 {
		var p page
		require.Empty(t, cloudCall(t, srv, "tag", "GetResources", fmt.Sprintf(`{"MaxResults":2,"PaginationToken":%q}`, token), &p))
		for _, m := range p.ResourceTagMappingList {
			all = append(all, m.Resource)
		}
		if token = p.PaginationToken; token == "" {
			break
		}
		assert.Len(t, p.ResourceTagMappingList, 2)
	}
	assert.Equal(t, want, all)
	assert.Empty(t, token, "the last page has no token")
}

func TestGatewayFaults(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	srv.Inject(imtest.Fault{Action: "GetResources", HTTPStatus: http.StatusBadGateway})
	srv.Inject(imtest.Fault{Action: "GetResources", HTTPStatus: http.StatusServiceUnavailable, Code: "ServiceUnavailable"})
	srv.Inject(imtest.Fault{Action: "GetResources", Code: "RequestLimitExceeded"})

	serve := func() *httptest.ResponseRecorder {
		body := []byte(`{}`)
		id, key := srv.Credentials()
		ts := srv.Now().Unix()
		return serveConsole(srv, http.MethodPost, "GetResources", versionOf("tag"), ts, tc3Authorization(id, key, "tag", "GetResources", false, body, ts), body)
	}
	rec := serve()
	assert.Equal(t, http.StatusBadGateway, rec.Code)
	assert.Contains(t, rec.Header().Get("Content-Type"), "text/plain", "a gateway's error page, not an envelope")
	rec = serve()
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Contains(t, rec.Body.String(), `"Code":"ServiceUnavailable"`)
	rec = serve()
	assert.Equal(t, http.StatusOK, rec.Code, "throttling is HTTP 200, as Tencent answers it")
	assert.Contains(t, rec.Body.String(), `"Code":"RequestLimitExceeded"`)
	assert.Empty(t, rec.Header().Get("Retry-After"), "Tencent sends none")
	assert.Equal(t, http.StatusOK, serve().Code)

	// A method other than POST and GET is refused by the gateway.
	req := httptest.NewRequest(http.MethodPut, "http://"+conformanceHost+"/", strings.NewReader(`{}`))
	rec = httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

// TestTagRequestsNameTheApp: a Tag API request is recorded with the IM app
// it names, as a console action is with its SdkAppId, so a test can tell
// one app's tag changes from another's; one naming several apps, or none,
// is recorded with 0.
func TestTagRequestsNameTheApp(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	info := defaultAccount(t, srv)
	ids := seedApps(t, srv, 2)
	a, b := ids[0], ids[1]
	ra, rb := info.Resource(a), info.Resource(b)
	// Through the SDK: Add is ModifyResourceTags then a List
	// (DescribeResourceTagsByResourceIds), both of app b.
	_, err := srv.Console().Tags.Add(t.Context(), b, tags.Tag{Key: "env", Value: "prod"})
	require.NoError(t, err)
	tests := []struct {
		action, body string
		want         uint64
	}{
		{"ModifyResourceTags", `{"Resource":"` + ra + `","ReplaceTags":[{"TagKey":"team","TagValue":"im"}]}`, a},
		{"TagResources", `{"ResourceList":["` + ra + `"],"Tags":[{"TagKey":"team","TagValue":"im"}]}`, a},
		{"TagResources", `{"ResourceList":["` + ra + `","` + rb + `"],"Tags":[{"TagKey":"team","TagValue":"im"}]}`, 0},
		{"UnTagResources", `{"ResourceList":["` + rb + `"],"TagKeys":["team"]}`, b},
		{"DescribeResourceTagsByResourceIds", fmt.Sprintf(`{"ServiceType":"im","ResourcePrefix":"sdkappid","ResourceIds":["%d"]}`, a), a},
		{"DescribeResourceTagsByResourceIds", fmt.Sprintf(`{"ServiceType":"im","ResourcePrefix":"sdkappid","ResourceIds":["%d","%d"]}`, a, b), 0},
		{"GetResources", `{"ResourceList":["` + rb + `"]}`, b},
		{"GetResources", `{}`, 0},
		{"ModifyResourceTags", `{"Resource":"qcs::cvm:ap-guangzhou:uin/` + info.OwnerUin + `:instance/ins-1","ReplaceTags":[{"TagKey":"team","TagValue":"im"}]}`, 0},
	}
	for _, tt := range tests {
		cloudCall(t, srv, "tag", tt.action, tt.body, nil)
	}
	got := map[string][]uint64{}
	for _, r := range srv.Requests() {
		if r.Service == "tag" {
			got[r.Action] = append(got[r.Action], r.SDKAppID)
		}
	}
	want := map[string][]uint64{
		"ModifyResourceTags":                {b},
		"DescribeResourceTagsByResourceIds": {b},
	}
	for _, tt := range tests {
		want[tt.action] = append(want[tt.action], tt.want)
	}
	assert.Equal(t, want, got)
}

// TestTagAPISiblingCodes: where Tencent's documentation of a Tag API
// action names no code for one of its limits, the server answers the code
// a sibling action documents (docs/protocol.md, Tag API).
func TestTagAPISiblingCodes(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	app := seedApps(t, srv, 1)[0]
	require.NoError(t, srv.SeedTags(app, numbered(50)))
	info := defaultAccount(t, srv)
	res := info.Resource(app)
	cvm := "qcs::cvm:ap-guangzhou:uin/" + info.OwnerUin + ":instance/ins-1"
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = fmt.Sprintf(`{"TagKey":"n%d"}`, i)
	}
	tests := []struct{ name, action, body, code string }{
		{"Modify: 11 keys to delete", "ModifyResourceTags", `{"Resource":"` + res + `","DeleteTags":[` + strings.Join(eleven, ",") + `]}`, "LimitExceeded.TagNumPerRequest"},
		{"Modify: an empty value", "ModifyResourceTags", `{"Resource":"` + res + `","ReplaceTags":[{"TagKey":"a","TagValue":""}]}`, "InvalidParameterValue.TagValueEmpty"},
		{"Modify: a key twice", "ModifyResourceTags", `{"Resource":"` + res + `","DeleteTags":[{"TagKey":"a"},{"TagKey":"a"}]}`, "InvalidParameterValue.TagKeyDuplicate"},
		{"Modify: a CVM instance", "ModifyResourceTags", `{"Resource":"` + cvm + `","DeleteTags":[{"TagKey":"a"}]}`, "InvalidParameter.UnsupportedService"},
		{"Tag: a 51st tag", "TagResources", `{"ResourceList":["` + res + `"],"Tags":[{"TagKey":"a","TagValue":"b"}]}`, "LimitExceeded.ResourceAttachedTags"},
		{"GetResources: a filter key with !", "GetResources", `{"TagFilters":[{"TagKey":"a!"}]}`, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"GetResources: an empty filter value", "GetResources", `{"TagFilters":[{"TagKey":"a","TagValue":[""]}]}`, "InvalidParameterValue.TagValueEmpty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.code, cloudCall(t, srv, "tag", tt.action, tt.body, nil))
		})
	}
}

// TestAnySignedHeadersListVerifies: Tencent's SDKs sign content-type;host
// and sometimes more headers (cloud-api-facts), and Tencent verifies the
// headers a request's SignedHeaders list names, so the server does too: a
// list with more X-TC headers verifies, a signed header changed after
// signing does not, and a list without content-type or host, or out of
// order, is AuthFailure.SignatureFailure.
func TestAnySignedHeadersListVerifies(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	id, key := srv.Credentials()
	ts := srv.Now().Unix()
	body := []byte(`{}`)
	values := map[string]string{
		"content-type":   "application/json; charset=utf-8",
		"host":           "cim.tencentcloudapi.com",
		"x-tc-action":    "DescribeSdkAppid",
		"x-tc-timestamp": fmt.Sprint(ts),
		"x-tc-version":   "2019-03-18",
		"x-tc-region":    "ap-guangzhou",
	}
	tests := []struct {
		name, signed string
		tamper       func(r *http.Request)
		code         string
	}{
		{"content-type;host", "content-type;host", nil, ""},
		{"with x-tc-action", "content-type;host;x-tc-action", nil, ""},
		{"with the X-TC timestamp and version", "content-type;host;x-tc-action;x-tc-timestamp;x-tc-version", nil, ""},
		{"with the region", "content-type;host;x-tc-region", nil, ""},
		{"a signed region changed", "content-type;host;x-tc-region", func(r *http.Request) { r.Header.Set("X-TC-Region", "ap-singapore") }, "AuthFailure.SignatureFailure"},
		{"a signed version changed", "content-type;host;x-tc-version", func(r *http.Request) { r.Header.Set("X-TC-Version", "2017-03-12") }, "AuthFailure.SignatureFailure"},
		{"without host", "content-type;x-tc-action", nil, "AuthFailure.SignatureFailure"},
		{"out of order", "host;content-type", nil, "AuthFailure.SignatureFailure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hs []tc3.Header
			for _, n := range strings.Split(tt.signed, ";") {
				hs = append(hs, tc3.Header{Name: n, Value: values[n]})
			}
			auth := tc3.NewSigner(id, key, "cim").Authorization(&tc3.Request{Method: http.MethodPost, Path: "/", Payload: body, Timestamp: ts, Headers: hs})
			req := httptest.NewRequest(http.MethodPost, "http://"+values["host"]+"/", bytes.NewReader(body))
			for _, n := range []string{"content-type", "x-tc-action", "x-tc-timestamp", "x-tc-version", "x-tc-region"} {
				req.Header.Set(n, values[n])
			}
			req.Header.Set("Authorization", auth)
			if tt.tamper != nil {
				tt.tamper(req)
			}
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, req)
			var env struct {
				Response struct {
					Error struct{ Code, Message string }
				}
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &env))
			assert.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, tt.code, env.Response.Error.Code, env.Response.Error.Message)
		})
	}
}

// TestParameterNamesAreCaseSensitive: Tencent's parameters are named
// exactly (cloud-api-facts: ResourceList, Tags [{TagKey, TagValue}], ...),
// and docs/protocol.md refuses an unknown field with UnknownParameter; a
// name in another case is one, at the top and inside lists, not the
// parameter encoding/json would match it to. Nothing is changed.
func TestParameterNamesAreCaseSensitive(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	info := defaultAccount(t, srv)
	app := seedApps(t, srv, 1)[0]
	res := info.Resource(app)
	tests := []struct{ name, service, action, body, field string }{
		{"a top-level name", "tag", "TagResources", `{"resourcelist":["` + res + `"],"Tags":[{"TagKey":"env","TagValue":"prod"}]}`, "resourcelist"},
		{"a name inside a list", "tag", "TagResources", `{"ResourceList":["` + res + `"],"Tags":[{"tagkey":"env","TagValue":"prod"}]}`, "tagkey"},
		{"a name inside an optional list", "tag", "ModifyResourceTags", `{"Resource":"` + res + `","ReplaceTags":[{"TagKey":"env","Tagvalue":"prod"}]}`, "Tagvalue"},
		{"a paging parameter", "tag", "GetResources", `{"maxResults":10}`, "maxResults"},
		{"DescribeResourceTagsByResourceIds", "tag", "DescribeResourceTagsByResourceIds", `{"ServiceType":"im","ResourcePrefix":"sdkappid","ResourceIDs":["1400000001"],"ResourceRegion":""}`, "ResourceIDs"},
		{"a console action", "im", "DescribeIMApp", `{"SDKAppID":1400000001}`, "SDKAppID"},
	}
	t.Cleanup(func() { // after the subtests
		tagsNow, err := srv.Tags(app)
		assert.NoError(t, err)
		assert.Empty(t, tagsNow, "nothing was tagged")
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := sendTo(t, srv, tt.service, tt.action, []byte(tt.body), true)
			assert.Equal(t, http.StatusOK, got.status)
			assert.Equal(t, "UnknownParameter", got.code, got.message)
			assert.Contains(t, got.message, `"`+tt.field+`"`)
		})
	}
}

// TestDescribeResourceTagsOffsetIsAMultipleOfLimit: Tencent documents
// DescribeResourceTagsByResourceIds' Offset as "数据偏移量，默认为 0, 必须为Limit参数的整数倍"
// (default 0, an integral multiple of Limit; tencentcloud-sdk-go tag
// v20180813 DescribeResourceTagsByResourceIdsRequestParams) and Limit as
// "default 15, max 100" (cloud-api-facts), so another Offset is refused
// as the out-of-range Limit is, with InvalidParameterValue.
func TestDescribeResourceTagsOffsetIsAMultipleOfLimit(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	app := seedApps(t, srv, 1)[0]
	require.NoError(t, srv.SeedTags(app, numbered(40)))
	tests := []struct {
		name, paging string
		code         string
		tags         int
	}{
		{"Offset 0", `"Offset":0,"Limit":10`, "", 10},
		{"Offset 2 Limit 2", `"Offset":2,"Limit":2`, "", 2},
		{"Offset 30 of the default 15", `"Offset":30`, "", 10},
		{"Offset 1 Limit 2", `"Offset":1,"Limit":2`, "InvalidParameterValue", 0},
		{"Offset 5 of the default 15", `"Offset":5`, "InvalidParameterValue", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out struct {
				TotalCount uint64
				Tags       []struct{ TagKey string }
			}
			body := fmt.Sprintf(`{"ServiceType":"im","ResourcePrefix":"sdkappid","ResourceIds":["%d"],"ResourceRegion":"",%s}`, app, tt.paging)
			assert.Equal(t, tt.code, cloudCall(t, srv, "tag", "DescribeResourceTagsByResourceIds", body, &out))
			if tt.code == "" {
				assert.Equal(t, uint64(40), out.TotalCount)
				assert.Len(t, out.Tags, tt.tags)
			}
		})
	}
}

// TestUnTagResourcesAnswersNoUnsupportedService: cloud-api-facts gives
// UnTagResources' errors as "as TagResources, less UnsupportedService and
// TagValueEmpty", so a resource of another service, which the server does
// not hold, is answered as a resource it does not have (ResourceNotFound,
// as for an unknown app), while TagResources keeps
// InvalidParameter.UnsupportedService. Nothing changes.
func TestUnTagResourcesAnswersNoUnsupportedService(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	info := defaultAccount(t, srv)
	app := seedApps(t, srv, 1)[0]
	require.NoError(t, srv.SeedTags(app, map[string]string{"a": "1"}))
	cvm := "qcs::cvm:ap-guangzhou:uin/" + info.OwnerUin + ":instance/ins-1"
	tests := []struct{ name, action, body, code string }{
		{"UnTag: a CVM instance", "UnTagResources", `{"ResourceList":["` + cvm + `"],"TagKeys":["a"]}`, "ResourceNotFound"},
		{"UnTag: the app and a CVM instance", "UnTagResources", `{"ResourceList":["` + info.Resource(app) + `","` + cvm + `"],"TagKeys":["a"]}`, "ResourceNotFound"},
		{"Tag: a CVM instance", "TagResources", `{"ResourceList":["` + cvm + `"],"Tags":[{"TagKey":"a","TagValue":"2"}]}`, "InvalidParameter.UnsupportedService"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.code, cloudCall(t, srv, "tag", tt.action, tt.body, nil))
			got, err := srv.Tags(app)
			require.NoError(t, err)
			assert.Equal(t, map[string]string{"a": "1"}, got, "nothing changed")
		})
	}
}
