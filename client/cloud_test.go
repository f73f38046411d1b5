package client_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/admins"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/consolewire"
	"github.com/imconsole/imconsole/internal/testkit"
)

const okIDs = `{"Response":{"SdkAppids":[1400000001],"RequestId":"ok"}}`

var (
	cim = client.Service{Name: client.ServiceCIM, Version: client.VersionCIM}
	tag = client.Service{Name: client.ServiceTag, Version: client.VersionTag}
)

func TestRetriesDecidedByTheEnvelopeOnHTTP200(t *testing.T) {
	t.Parallel()
	type call struct {
		svc    client.Service
		action string
		req    any
	}
	read := call{cim, "DescribeSdkAppid", nil}
	writeNoToken := call{tag, "ModifyResourceTags", map[string]string{"Resource": "qcs::im::uin/1:sdkappid/1400000001"}}
	writeWithToken := call{client.ConsoleService(), apps.ActionDisable, &consolewire.AppWriteRequest{SDKAppID: 1400000001}}
	cases := []struct {
		name     string
		call     call
		answers  []string
		requests int
		code     string // the final *APIError's, "" for success
		family   error
	}{
		{"RequestLimitExceeded is retried", read, []string{errorAnswer("RequestLimitExceeded"), errorAnswer("RequestLimitExceeded"), okIDs}, 3, "", nil},
		{"RequestLimitExceeded.UinLimitExceeded is retried", read, []string{errorAnswer("RequestLimitExceeded.UinLimitExceeded"), okIDs}, 2, "", nil},
		{"InternalError is retried", read, []string{errorAnswer("InternalError"), okIDs}, 2, "", nil},
		{"InternalError.SystemError is retried", read, []string{errorAnswer("InternalError.SystemError"), okIDs}, 2, "", nil},
		{"ServiceUnavailable is retried", read, []string{errorAnswer("ServiceUnavailable"), okIDs}, 2, "", nil},
		{"ServiceUnavailable past the retries is ErrInternal", read, []string{errorAnswer("ServiceUnavailable")}, 4, "ServiceUnavailable", client.ErrInternal},
		{"ResourceNotFound.App gives up at once", read, []string{errorAnswer("ResourceNotFound.App")}, 1, "ResourceNotFound.App", client.ErrNotFound},
		{"InvalidParameter gives up at once", read, []string{errorAnswer("InvalidParameterValue.ResourceDescriptionError")}, 1, "InvalidParameterValue.ResourceDescriptionError", client.ErrInvalidParameter},
		{"throttling past the retries is the typed error", read, []string{errorAnswer("RequestLimitExceeded")}, 4, "RequestLimitExceeded", client.ErrThrottled},
		{"a write without ClientToken is retried when throttled", writeNoToken, []string{errorAnswer("RequestLimitExceeded"), `{"Response":{"RequestId":"ok"}}`}, 2, "", nil},
		{"a write without ClientToken is not retried after InternalError", writeNoToken, []string{errorAnswer("InternalError"), `{"Response":{"RequestId":"ok"}}`}, 1, "InternalError", client.ErrInternal},
		{"a write with its ClientToken is retried after InternalError", writeWithToken, []string{errorAnswer("InternalError"), `{"Response":{"RequestId":"ok"}}`}, 2, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tl := newTencentLike(t, tc.answers...)
			c, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint(tl.srv.URL),
				client.WithRetry(3, time.Millisecond, time.Millisecond))
			require.NoError(t, err)
			err = c.CallService(context.Background(), tc.call.svc, tc.call.action, tc.call.req, nil)
			assert.Len(t, tl.requests(), tc.requests)
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			var ae *client.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.code, ae.Code)
			assert.Equal(t, http.StatusOK, ae.HTTPStatus, "the status the transport saw")
			assert.Equal(t, "r-"+tc.code, ae.RequestID)
			assert.ErrorIs(t, err, tc.family)
		})
	}
}

func TestHonoursRetryAfterOnHTTP200Throttling(t *testing.T) {
	t.Parallel()
	tl := newTencentLike(t, errorAnswer("RequestLimitExceeded"), okIDs)
	tl.header.Set("Retry-After", "1")
	c, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint(tl.srv.URL),
		client.WithRetry(3, time.Millisecond, 5*time.Second))
	require.NoError(t, err)
	start := time.Now()
	require.NoError(t, c.CallService(context.Background(), cim, "DescribeSdkAppid", nil, nil))
	assert.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond, "waited what Retry-After asked")
	assert.Len(t, tl.requests(), 2)
}

func TestTencentCloudRefusesConsoleActionsBeforeSending(t *testing.T) {
	t.Parallel()
	tl := newTencentLike(t, okIDs)
	c, err := client.New(client.WithCredentials("AKIDcloud", "key"), client.WithTencentCloud(),
		client.WithHTTPClient(&http.Client{Transport: testkit.Redirect{To: tl.srv.URL}}),
		client.WithToken("sts-token"), client.WithLanguage("en-US"))
	require.NoError(t, err)
	ctx := context.Background()

	svc := apps.New(c)
	_, err = svc.List(ctx, nil)
	assert.ErrorIs(t, err, client.ErrConsoleOnly)
	assert.ErrorContains(t, err, "imconsole: DescribeIMApps: the action exists only in the IM console protocol")
	assert.ErrorContains(t, err, "imtest, cmd/imref and self-hosted console backends")
	err = svc.Disable(ctx, 1400000001)
	assert.ErrorIs(t, err, client.ErrConsoleOnly)
	err = c.Call(ctx, "AnyConsoleAction", nil, nil)
	assert.ErrorIs(t, err, client.ErrConsoleOnly)
	var ae *client.APIError
	assert.False(t, errors.As(err, &ae), "not an answer of any service")
	assert.Empty(t, tl.requests(), "nothing sent for console actions")

	var ids struct{ SdkAppids []uint64 }
	require.NoError(t, c.CallService(ctx, cim, "DescribeSdkAppid", nil, &ids))
	assert.Equal(t, []uint64{1400000001}, ids.SdkAppids)
	require.NoError(t, c.CallService(ctx, tag, "GetResources", nil, nil))
	_, err = c.Account(ctx)
	require.NoError(t, err)

	got := tl.requests()
	require.Len(t, got, 3)
	for i, want := range []struct{ service, version, action string }{
		{"cim", "2019-03-18", "DescribeSdkAppid"},
		{"tag", "2018-08-13", "GetResources"},
		{"cam", "2019-01-16", "GetUserAppId"},
	} {
		assert.Equal(t, want.service+".tencentcloudapi.com", got[i].Host)
		assert.Equal(t, want.service, got[i].Auth.Service, "credential scope")
		assert.Equal(t, "AKIDcloud", got[i].Auth.SecretID)
		assert.Equal(t, want.version, got[i].Version)
		assert.Equal(t, want.action, got[i].Action)
		assert.Equal(t, "sts-token", got[i].Token)
		assert.Equal(t, "en-US", got[i].Language)
	}
	assert.NotContains(t, c.String(), "sts-token")
	assert.Contains(t, c.String(), "https://<service>.tencentcloudapi.com")
}

// TestTencentCloudRefusesConsoleActionsWhateverTheirInput: the refusal of
// a console action under WithTencentCloud comes before the SDK's own
// checks of the request, so an invalid one matches ErrConsoleOnly too.
func TestTencentCloudRefusesConsoleActionsWhateverTheirInput(t *testing.T) {
	t.Parallel()
	tl := newTencentLike(t, okIDs)
	c, err := client.New(client.WithCredentials("AKIDcloud", "key"), client.WithTencentCloud(),
		client.WithHTTPClient(&http.Client{Transport: testkit.Redirect{To: tl.srv.URL}}))
	require.NoError(t, err)
	a, ad, ce := apps.New(c), admins.New(c), certs.New(c)
	first := func(seq iter.Seq2[*apps.App, error]) error {
		for _, err := range seq {
			return err
		}
		return nil
	}
	cases := []struct {
		action string
		call   func(ctx context.Context) error
	}{
		{apps.ActionRegister, func(ctx context.Context) error {
			_, err := a.Create(ctx, &apps.CreateRequest{AppName: "bad-name", Region: apps.RegionSingapore})
			return err
		}},
		{apps.ActionRegister, func(ctx context.Context) error { _, err := a.Create(ctx, nil); return err }},
		{apps.ActionList, func(ctx context.Context) error { _, err := a.List(ctx, &apps.ListOptions{Limit: 500}); return err }},
		{apps.ActionList, func(ctx context.Context) error { return first(a.All(ctx, &apps.ListOptions{Offset: -1})) }},
		{apps.ActionUpdateProfile, func(ctx context.Context) error {
			_, err := a.UpdateProfile(ctx, 1400000001, apps.ProfileUpdate{})
			return err
		}},
		{apps.ActionUpgradeEdition, func(ctx context.Context) error {
			_, err := a.UpgradeEdition(ctx, 1400000001, "Gold")
			return err
		}},
		{admins.ActionAdd, func(ctx context.Context) error { _, err := ad.Add(ctx, 1, ""); return err }},
		{admins.ActionDelete, func(ctx context.Context) error { return ad.Delete(ctx, 1, "tab\tin the id") }},
		{certs.ActionList, func(ctx context.Context) error { _, err := ce.Get(ctx, 1, 0); return err }},
		{certs.ActionList, func(ctx context.Context) error { _, err := ce.List(ctx, 0, "Windows"); return err }},
		{certs.ActionCreate, func(ctx context.Context) error {
			_, err := ce.CreateAndroid(ctx, 1, nil, certs.ClickAction{})
			return err
		}},
		{certs.ActionCreate, func(ctx context.Context) error {
			_, err := ce.CreateIOS(ctx, 1, certs.APNsCertificate{P12: []byte("not a p12"), Password: "pw"})
			return err
		}},
		{certs.ActionCreate, func(ctx context.Context) error { _, err := ce.Create(ctx, nil); return err }},
		{certs.ActionModify, func(ctx context.Context) error { _, err := ce.Update(ctx, 1, 1, certs.Update{}); return err }},
		{certs.ActionModify, func(ctx context.Context) error { _, err := ce.Modify(ctx, nil); return err }},
		{certs.ActionDelete, func(ctx context.Context) error { return ce.Delete(ctx, 0, 0) }},
	}
	for i, tc := range cases {
		t.Run(fmt.Sprint(i, "-", tc.action), func(t *testing.T) {
			t.Parallel()
			err := tc.call(t.Context())
			require.ErrorIs(t, err, client.ErrConsoleOnly)
			assert.ErrorContains(t, err, "imconsole: "+tc.action+": ")
			var ae *client.APIError
			assert.False(t, errors.As(err, &ae), "not the SDK's own check of the request")
		})
	}
	t.Cleanup(func() { assert.Empty(t, tl.requests(), "nothing sent for console actions") })
}

func TestEndpointTakesEveryService(t *testing.T) {
	t.Parallel()
	tl := newTencentLike(t, okIDs)
	c, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint(tl.srv.URL))
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, c.Call(ctx, apps.ActionList, nil, nil))
	require.NoError(t, c.CallService(ctx, cim, "DescribeSdkAppid", nil, nil))
	require.NoError(t, c.CallService(ctx, tag, "GetResources", nil, nil))
	got := tl.requests()
	require.Len(t, got, 3)
	host := strings.TrimPrefix(tl.srv.URL, "http://")
	for i, want := range []struct{ service, version string }{{"im", client.APIVersion}, {"cim", client.VersionCIM}, {"tag", client.VersionTag}} {
		assert.Equal(t, host, got[i].Host)
		assert.Equal(t, want.service, got[i].Auth.Service)
		assert.Equal(t, want.version, got[i].Version)
		assert.Empty(t, got[i].Token)
		assert.Empty(t, got[i].Language)
	}
	err = c.CallService(ctx, client.Service{Name: "cvm", Version: "2017-03-12"}, "DescribeInstances", nil, nil)
	assert.ErrorContains(t, err, `service "cvm"`)
	err = c.CallService(ctx, client.Service{Name: client.ServiceTag}, "GetResources", nil, nil)
	assert.ErrorContains(t, err, `version ""`)
	assert.Len(t, tl.requests(), 3, "refused before sending")
}

func TestNewWithTencentCloud(t *testing.T) {
	// Not parallel: it sets environment variables.
	t.Setenv(client.EnvEndpoint, "http://ignored.example.com")
	_, err := client.New(client.WithCredentials("id", "key"), client.WithTencentCloud(), client.WithEndpoint("http://x"))
	assert.ErrorContains(t, err, "WithTencentCloud and WithEndpoint")
	c, err := client.New(client.WithCredentials("id", "key"), client.WithTencentCloud())
	require.NoError(t, err)
	assert.NotContains(t, c.String(), "ignored.example.com", "WithTencentCloud does not read IMCONSOLE_ENDPOINT")

	// An endpoint at a Tencent Cloud API host would send console-protocol
	// actions to Tencent and every service to one host: New refuses it,
	// from WithEndpoint or IMCONSOLE_ENDPOINT, and points to WithTencentCloud.
	for _, endpoint := range []string{"https://cim.tencentcloudapi.com", "https://tencentcloudapi.com/", "https://TAG.ap-singapore.TencentCloudAPI.com.:443", "https://cim.intl.tencentcloudapi.com/x"} {
		_, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint(endpoint))
		assert.ErrorContains(t, err, "use client.WithTencentCloud", endpoint)
	}
	t.Setenv(client.EnvEndpoint, "https://cim.tencentcloudapi.com")
	_, err = client.New(client.WithCredentials("id", "key"))
	assert.ErrorContains(t, err, "use client.WithTencentCloud", "from "+client.EnvEndpoint)
	for _, endpoint := range []string{"https://tencentcloudapi.com.example.com", "https://mytencentcloudapi.com"} {
		_, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint(endpoint))
		assert.NoError(t, err, endpoint)
	}

	for name, opt := range map[string]client.Option{
		"empty token":      client.WithToken(""),
		"unknown language": client.WithLanguage("fr-FR"),
	} {
		_, err := client.New(client.WithCredentials("id", "key"), client.WithTencentCloud(), opt)
		assert.Error(t, err, name)
	}
}

func TestAccountIsLookedUpOnceAndFailuresAreNotKept(t *testing.T) {
	t.Parallel()
	tl := newTencentLike(t, errorAnswer("FailedOperation"),
		`{"Response":{"Uin":"100000000002","OwnerUin":"100000000001","AppId":1250000000,"RequestId":"ok"}}`)
	c, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint(tl.srv.URL))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = c.Account(ctx)
	assert.ErrorIs(t, err, client.ErrFailedOperation)

	var wg sync.WaitGroup
	accounts := make([]*client.Account, 8)
	for i := range accounts {
		wg.Go(func() {
			a, err := c.Account(ctx)
			assert.NoError(t, err)
			accounts[i] = a
		})
	}
	wg.Wait()
	for _, a := range accounts {
		assert.Equal(t, &client.Account{Uin: "100000000002", OwnerUin: "100000000001", AppID: 1250000000}, a)
	}
	got := tl.requests()
	require.Len(t, got, 2, "one failed lookup, then one for all eight callers")
	assert.Equal(t, "GetUserAppId", got[1].Action)
	assert.Equal(t, "cam", got[1].Auth.Service)

	accounts[0].OwnerUin = "changed"
	a, err := c.Account(ctx)
	require.NoError(t, err)
	assert.Equal(t, "100000000001", a.OwnerUin, "callers get copies")

	done, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.Account(done)
	assert.NoError(t, err, "a cached account needs no request") // the lock is free: the cache answers
}

// TestAccountAgainstImtest runs Client.Account against imtest, which
// serves cam GetUserAppId.
func TestAccountAgainstImtest(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	a, err := c.Account(t.Context())
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^[0-9]+$`), a.OwnerUin)
	assert.Regexp(t, regexp.MustCompile(`^[0-9]+$`), a.Uin)
	assert.NotZero(t, a.AppID)

	again, err := srv.Client()
	require.NoError(t, err)
	b, err := again.Account(t.Context())
	require.NoError(t, err)
	assert.Equal(t, a, b, "stable per account")
	assert.Len(t, srv.RequestsFor(client.ActionGetUserAppID), 2, "one lookup per client")

	otherID, otherKey := srv.NewAccount()
	other, err := srv.Client(client.WithCredentials(otherID, otherKey))
	require.NoError(t, err)
	o, err := other.Account(t.Context())
	require.NoError(t, err)
	assert.NotEqual(t, a.OwnerUin, o.OwnerUin)
}

// TestTencentCloudDomain: WithTencentCloudDomain sends each service to
// https://<service>.<domain>/ (the international site's
// intl.tencentcloudapi.com, a region's <region>.tencentcloudapi.com:
// cloud-api-facts, "regional hosts <service>.<region>.tencentcloudapi.com
// also exist"); it takes only a host name, and only with WithTencentCloud.
func TestTencentCloudDomain(t *testing.T) {
	t.Parallel()
	for _, domain := range []string{"intl.tencentcloudapi.com", "ap-singapore.tencentcloudapi.com"} {
		t.Run(domain, func(t *testing.T) {
			t.Parallel()
			tl := newTencentLike(t, okIDs)
			c, err := client.New(client.WithCredentials("AKIDcloud", "key"), client.WithTencentCloud(), client.WithTencentCloudDomain(domain),
				client.WithHTTPClient(&http.Client{Transport: testkit.Redirect{To: tl.srv.URL}}))
			require.NoError(t, err)
			require.NoError(t, c.CallService(t.Context(), cim, "DescribeSdkAppid", nil, nil))
			require.NoError(t, c.CallService(t.Context(), tag, "GetResources", nil, nil))
			got := tl.requests()
			require.Len(t, got, 2)
			assert.Equal(t, "cim."+domain, got[0].Host)
			assert.Equal(t, "tag."+domain, got[1].Host)
			assert.Contains(t, c.String(), "https://<service>."+domain)
			assert.ErrorIs(t, c.Call(t.Context(), "DescribeIMApps", nil, nil), client.ErrConsoleOnly)
		})
	}
	for _, bad := range []string{"", "com", "https://intl.tencentcloudapi.com", "intl.tencentcloudapi.com:443", "intl.tencentcloudapi.com/", "Intl.TencentCloudAPI.com", "intl..tencentcloudapi.com", "-intl.tencentcloudapi.com", ".tencentcloudapi.com"} {
		t.Run("refuses "+bad, func(t *testing.T) {
			t.Parallel()
			_, err := client.New(client.WithCredentials("id", "key"), client.WithTencentCloud(), client.WithTencentCloudDomain(bad))
			assert.ErrorContains(t, err, "WithTencentCloudDomain takes a host name such as intl.tencentcloudapi.com")
		})
	}
	t.Run("needs WithTencentCloud", func(t *testing.T) {
		t.Parallel()
		_, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint("http://127.0.0.1:1"), client.WithTencentCloudDomain("intl.tencentcloudapi.com"))
		assert.ErrorContains(t, err, "give WithTencentCloud too")
	})
}
