package imtest_test

// Rules of docs/protocol.md the rest of the suite let a mutant break
// (a mutation survey of imtest's console and cloud side): each test names
// the rule it holds the server to, with its source.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/tc3"
)

// TestClientTokenIsRememberedPerAccountAndAction: docs/protocol.md,
// Idempotency: "The server remembers (account, action, ClientToken) with
// its response". One token used for two actions, or by two accounts, is
// two requests, each applied.
func TestClientTokenIsRememberedPerAccountAndAction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("another action with the same token and body runs", func(t *testing.T) {
		t.Parallel()
		srv := fixedServer(t)
		console := srv.Console()
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		tok := client.WithClientToken(ctx, "one-token-two-actions")
		// DisableIMApp and DeleteIMApp have the same body: {"SdkAppId", "ClientToken"}.
		require.NoError(t, console.Apps.Disable(tok, app.SDKAppID))
		require.NoError(t, console.Apps.Delete(tok, app.SDKAppID))
		_, err = console.Apps.Get(ctx, app.SDKAppID)
		assert.True(t, client.HasCode(err, "ResourceNotFound.App"), "DeleteIMApp ran, not answered with DisableIMApp's response: %v", err)
	})
	t.Run("another account with the same token and body runs", func(t *testing.T) {
		t.Parallel()
		srv := fixedServer(t)
		id, key := srv.NewAccount()
		mine, theirs := srv.Console(), srv.Console(client.WithCredentials(id, key))
		tok := client.WithClientToken(ctx, "one-token-two-accounts")
		req := func() *apps.CreateRequest { return &apps.CreateRequest{AppName: "same", Region: apps.RegionSingapore} }
		a, err := mine.Apps.Create(tok, req())
		require.NoError(t, err)
		b, err := theirs.Apps.Create(tok, req())
		require.NoError(t, err)
		assert.NotEqual(t, a.SDKAppID, b.SDKAppID, "the second account got its own app, not the first account's answer")
		_, err = theirs.Apps.Get(ctx, b.SDKAppID)
		assert.NoError(t, err, "the app answered is the second account's")
		ids, err := theirs.Apps.ListIDs(ctx)
		require.NoError(t, err)
		assert.Equal(t, []uint64{b.SDKAppID}, ids)
	})
}

// TestClientTokenIsRememberedFor24Hours: docs/protocol.md, Idempotency:
// the response is remembered "for 24 hours of its clock"; a write
// repeated with a forgotten token runs again (Bounds of the reference
// server).
func TestClientTokenIsRememberedFor24Hours(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	console := srv.Console()
	tok := client.WithClientToken(ctx, "create-once-a-day")
	create := func() uint64 {
		t.Helper()
		app, err := console.Apps.Create(tok, &apps.CreateRequest{AppName: "daily", Region: apps.RegionTokyo})
		require.NoError(t, err)
		return app.SDKAppID
	}
	first := create()
	srv.Advance(24*time.Hour - time.Second)
	assert.Equal(t, first, create(), "a second before 24 hours: the first answer")
	srv.Advance(2 * time.Second)
	assert.NotEqual(t, first, create(), "after 24 hours the token is forgotten: the write runs again")
}

// TestClientTokenRemembersARefusalOfTheAction: docs/protocol.md,
// Idempotency: "Only a request that passed validation and reached the
// action is remembered" and a repeat is answered "with the same response,
// byte for byte" for 24 hours. A DeleteIMApp the action refused
// (FailedOperation.AppNotDisabled) is answered the same when repeated
// after the app was disabled: it is not applied.
func TestClientTokenRemembersARefusalOfTheAction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	console := srv.Console()
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	tok := client.WithClientToken(ctx, "delete-before-disable")
	err = console.Apps.Delete(tok, app.SDKAppID)
	require.True(t, client.HasCode(err, "FailedOperation.AppNotDisabled"), "%v", err)
	require.NoError(t, console.Apps.Disable(ctx, app.SDKAppID))
	err = console.Apps.Delete(tok, app.SDKAppID)
	assert.True(t, client.HasCode(err, "FailedOperation.AppNotDisabled"), "the repeat gets the first response: %v", err)
	got, err := console.Apps.Get(ctx, app.SDKAppID)
	require.NoError(t, err, "the repeat was not applied")
	assert.Equal(t, apps.StatusDisabled, got.Status)
}

// TestClientTokenRepeatIsAnsweredNotValidatedAgain: a repeat within 24
// hours gets "the same response, byte for byte" (docs/protocol.md,
// Idempotency), also when the request would no longer pass: a .p12 that
// expired on the server's clock since (protocol.md: "The service compares
// NotAfter with its own clock").
func TestClientTokenRepeatIsAnsweredNotValidatedAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := imtest.NewServer(t) // the machine's clock: the SDK checks the .p12 by it before sending
	console := srv.Console()
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	p12, err := certstest.APNsP12("com.example.app", certs.EnvironmentProduction, srv.Now().Add(time.Hour), "pw")
	require.NoError(t, err)
	tok := client.WithClientToken(ctx, "p12-upload-1")
	first, err := console.Certs.CreateIOS(tok, app.SDKAppID, certs.APNsCertificate{P12: p12, Password: "pw"})
	require.NoError(t, err)
	srv.Advance(2 * time.Hour) // the certificate expired on the server's clock
	again, err := console.Certs.CreateIOS(tok, app.SDKAppID, certs.APNsCertificate{P12: p12, Password: "pw"})
	require.NoError(t, err, "the repeat is answered with the first response, not refused as expired")
	assert.Equal(t, first.CertificateID, again.CertificateID)
}

// TestListAppsFiltersAndSettles: DescribeIMApps' Status filter
// (docs/protocol.md, Apps: `Status`?) keeps the apps in that status, as
// the time-driven rules have made it by the server's clock: a paid app
// whose package ran out is Expired, and Disabled 24 hours after it became
// Expired (protocol.md, Rules: "it becomes Disabled 24 hours after it
// becomes Expired"), not a second later.
func TestListAppsFiltersAndSettles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	console := srv.Console()
	expires := srv.Now().Add(time.Hour)
	pro, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro, ExpiresAt: &expires})
	require.NoError(t, err)
	trial, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	disabled, err := srv.SeedApp(imtest.AppSeed{Status: apps.StatusDisabled})
	require.NoError(t, err)

	listed := func(status apps.Status) []uint64 {
		t.Helper()
		page, err := console.Apps.List(ctx, &apps.ListOptions{Status: status})
		require.NoError(t, err)
		var ids []uint64
		for _, a := range page.Apps {
			ids = append(ids, a.SDKAppID)
		}
		return ids
	}
	assert.Equal(t, []uint64{pro.SDKAppID, trial.SDKAppID}, listed(apps.StatusEnabled))
	assert.Equal(t, []uint64{disabled.SDKAppID}, listed(apps.StatusDisabled))

	srv.Advance(time.Hour) // the package ends: Expired, seen first by the list
	assert.Equal(t, []uint64{pro.SDKAppID}, listed(apps.StatusExpired))
	assert.Equal(t, []uint64{trial.SDKAppID}, listed(apps.StatusEnabled))

	srv.Advance(24*time.Hour - time.Second)
	got, err := console.Apps.Get(ctx, pro.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, apps.StatusExpired, got.Status, "a second before the 24 hours are up")
	srv.Advance(time.Second)
	got, err = console.Apps.Get(ctx, pro.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, apps.StatusDisabled, got.Status, "24 hours after it became Expired")
}

// TestListAppsTagFiltersOfOneKeyAllHold: docs/protocol.md, Apps:
// "Several filters of one key must all hold": a filter with values and
// one without, of the same key, keep only the apps with one of the
// values, in either order.
func TestListAppsTagFiltersOfOneKeyAllHold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	console := srv.Console()
	ids := seedApps(t, srv, 2)
	require.NoError(t, srv.SeedTags(ids[0], map[string]string{"env": "prod"}))
	require.NoError(t, srv.SeedTags(ids[1], map[string]string{"env": "test"}))
	tests := []struct {
		name    string
		filters []apps.TagFilter
	}{
		{"values first", []apps.TagFilter{{TagKey: "env", TagValues: []string{"prod"}}, {TagKey: "env"}}},
		{"values last", []apps.TagFilter{{TagKey: "env"}, {TagKey: "env", TagValues: []string{"prod"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page, err := console.Apps.List(ctx, &apps.ListOptions{TagFilters: tt.filters})
			require.NoError(t, err)
			require.Equal(t, 1, page.TotalCount)
			assert.Equal(t, ids[0], page.Apps[0].SDKAppID)
		})
	}
}

// TestUpdateProfileChangesEachFieldSent: docs/protocol.md, Apps:
// ModifyIMAppProfile takes AppName?, AppType?, Intro? and answers the
// App; each field sent changes, one left out is kept.
func TestUpdateProfileChangesEachFieldSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	console := srv.Console()
	app, err := srv.SeedApp(imtest.AppSeed{AppName: "before", AppType: "Game", Intro: "kept"})
	require.NoError(t, err)
	name, typ := "after", "Social"
	got, err := console.Apps.UpdateProfile(ctx, app.SDKAppID, apps.ProfileUpdate{AppName: &name, AppType: &typ})
	require.NoError(t, err)
	read, err := console.Apps.Get(ctx, app.SDKAppID)
	require.NoError(t, err)
	for _, a := range []*apps.App{got, read} {
		assert.Equal(t, "after", a.AppName)
		assert.Equal(t, "Social", a.AppType)
		assert.Equal(t, "kept", a.Intro)
	}
}

// TestUpgradeOfARunningPackageKeepsItsExpiry: docs/protocol.md, Rules:
// "A paid package runs one year from the first upgrade (ExpiresAt)": a
// later upgrade to a higher edition does not move it.
func TestUpgradeOfARunningPackageKeepsItsExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	console := srv.Console()
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	pro, err := console.Apps.UpgradeEdition(ctx, app.SDKAppID, apps.EditionPro)
	require.NoError(t, err)
	require.NotNil(t, pro.ExpiresAt)
	srv.Advance(30 * 24 * time.Hour)
	flagship, err := console.Apps.UpgradeEdition(ctx, app.SDKAppID, apps.EditionFlagship)
	require.NoError(t, err)
	require.NotNil(t, flagship.ExpiresAt)
	assert.Equal(t, apps.EditionFlagship, flagship.Edition)
	assert.True(t, pro.ExpiresAt.Equal(*flagship.ExpiresAt), "ExpiresAt %v, want the first upgrade's %v", flagship.ExpiresAt, pro.ExpiresAt)
}

// tagService is the Tag API's service for client.CallService.
var tagService = client.Service{Name: client.ServiceTag, Version: client.VersionTag}

// TestDescribeResourceTagsCategory: docs/protocol.md, Tag API:
// DescribeResourceTagsByResourceIds' Category is Custom, System "(none
// here)" or All, the default; every tag an app carries is Custom.
func TestDescribeResourceTagsCategory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	require.NoError(t, srv.SeedTags(app.SDKAppID, map[string]string{"env": "prod", "team": "im"}))
	tests := []struct {
		category string
		want     int
	}{{"", 2}, {"All", 2}, {"Custom", 2}, {"System", 0}}
	for _, tt := range tests {
		t.Run("Category "+tt.category, func(t *testing.T) {
			t.Parallel()
			req := map[string]any{"ServiceType": "im", "ResourcePrefix": "sdkappid", "ResourceIds": []string{strconv.FormatUint(app.SDKAppID, 10)}, "ResourceRegion": ""}
			if tt.category != "" {
				req["Category"] = tt.category
			}
			var resp struct {
				TotalCount int
				Tags       []struct{ TagKey, Category string }
			}
			require.NoError(t, c.CallService(ctx, tagService, "DescribeResourceTagsByResourceIds", req, &resp))
			assert.Equal(t, tt.want, resp.TotalCount)
			require.Len(t, resp.Tags, tt.want)
			for _, tag := range resp.Tags {
				assert.Equal(t, "Custom", tag.Category)
			}
		})
	}
}

// TestGetResourcesLastPageHasNoToken: cloud-api-facts, GetResources:
// "PaginationToken (empty on the last page)": a page that holds exactly
// the last MaxResults resources is the last one.
func TestGetResourcesLastPageHasNoToken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	for _, id := range seedApps(t, srv, 3) {
		require.NoError(t, srv.SeedTags(id, map[string]string{"env": "prod"}))
	}
	tests := []struct {
		maxResults int
		pages      []int // mappings per page, the last one without a token
	}{{3, []int{3}}, {4, []int{3}}, {1, []int{1, 1, 1}}, {2, []int{2, 1}}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("MaxResults %d", tt.maxResults), func(t *testing.T) {
			t.Parallel()
			token := ""
			for i, n := range tt.pages {
				var p page
				require.NoError(t, c.CallService(ctx, tagService, "GetResources", map[string]any{"MaxResults": tt.maxResults, "PaginationToken": token}, &p))
				assert.Len(t, p.ResourceTagMappingList, n)
				token = p.PaginationToken
				if i == len(tt.pages)-1 {
					assert.Empty(t, token, "page %d is the last", i+1)
				} else {
					require.NotEmpty(t, token, "page %d is not the last", i+1)
				}
			}
		})
	}
}

// TestRequestsAuthenticateOnlyAsDocumented: docs/protocol.md,
// TC3-HMAC-SHA256 and Routing. A signature is the whole hex HMAC, a
// SignedHeaders list names at most 32 headers, and every call carries
// X-TC-Timestamp and its service's X-TC-Version ("Every call is POST /
// ... with these headers"; X-TC-Region, X-TC-Token and X-TC-Language are
// the optional ones). Where the document names no code for a missing
// header, only the refusal is checked.
func TestRequestsAuthenticateOnlyAsDocumented(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	id, key := srv.Credentials()
	ts := srv.Now().Unix()
	body := []byte(`{}`)
	const host = "cim.tencentcloudapi.com"
	extra := func(n int) []string {
		names := make([]string, n)
		for i := range names {
			names[i] = fmt.Sprintf("x-extra-%02d", i)
		}
		return names
	}
	tests := []struct {
		name    string
		headers []string // signed besides content-type and host, in ascending order
		tamper  func(r *http.Request, sig string)
		code    string // "*": any error
	}{
		{"32 signed headers", extra(30), nil, ""},
		{"33 signed headers", extra(31), nil, "AuthFailure.SignatureFailure"},
		{"the signature cut to 32 hex digits", nil, func(r *http.Request, sig string) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), sig, sig[:32], 1))
		}, "AuthFailure.SignatureFailure"},
		{"the signature cut to 1 hex digit", nil, func(r *http.Request, sig string) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), sig, sig[:1], 1))
		}, "AuthFailure.SignatureFailure"},
		{"no X-TC-Version", nil, func(r *http.Request, _ string) { r.Header.Del("X-TC-Version") }, "NoSuchVersion"},
		{"no X-TC-Timestamp", nil, func(r *http.Request, _ string) { r.Header.Del("X-TC-Timestamp") }, "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := []tc3.Header{{Name: "content-type", Value: "application/json"}, {Name: "host", Value: host}}
			for _, n := range tt.headers {
				hs = append(hs, tc3.Header{Name: n, Value: "v"})
			}
			tr := &tc3.Request{Method: http.MethodPost, Path: "/", Payload: body, Timestamp: ts, Headers: hs}
			signer := tc3.NewSigner(id, key, "cim")
			req := httptest.NewRequest(http.MethodPost, "http://"+host+"/", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-TC-Action", "DescribeSdkAppid")
			req.Header.Set("X-TC-Version", "2019-03-18")
			req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
			for _, n := range tt.headers {
				req.Header.Set(n, "v")
			}
			req.Header.Set("Authorization", signer.Authorization(tr))
			if tt.tamper != nil {
				tt.tamper(req, signer.Signature(tr))
			}
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, req)
			var env struct {
				Response struct {
					Error     struct{ Code, Message string }
					SdkAppids []uint64
				}
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &env), rec.Body.String())
			assert.Equal(t, http.StatusOK, rec.Code)
			switch tt.code {
			case "*":
				assert.NotEmpty(t, env.Response.Error.Code, "refused: %s", rec.Body)
				assert.Nil(t, env.Response.SdkAppids)
			default:
				assert.Equal(t, tt.code, env.Response.Error.Code, env.Response.Error.Message)
			}
		})
	}
}

// TestRefundDisablesAtOnce: docs/protocol.md, Rules: a paid app becomes
// Disabled "at once when its package is refunded (the SDKAppID becomes
// 停用, 1047/55095)", also one already Expired and within its 24 hours
// of grace.
func TestRefundDisablesAtOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, srv *imtest.Server, id uint64)
	}{
		{"Enabled", func(*testing.T, *imtest.Server, uint64) {}},
		{"Expired", func(_ *testing.T, srv *imtest.Server, _ uint64) { srv.Advance(2 * time.Hour) }},
		{"in Arrears", func(t *testing.T, srv *imtest.Server, id uint64) { require.NoError(t, srv.MarkArrears(id)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fixedServer(t)
			console := srv.Console()
			expires := srv.Now().Add(time.Hour)
			app, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro, ExpiresAt: &expires})
			require.NoError(t, err)
			tt.setup(t, srv, app.SDKAppID)
			before, err := console.Apps.Get(ctx, app.SDKAppID)
			require.NoError(t, err)
			require.NotEqual(t, apps.StatusDisabled, before.Status)
			require.NoError(t, srv.Refund(app.SDKAppID))
			got, err := console.Apps.Get(ctx, app.SDKAppID)
			require.NoError(t, err)
			assert.Equal(t, apps.StatusDisabled, got.Status)
		})
	}
}
