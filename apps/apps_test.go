package apps_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
)

func TestCreateNewAppDefaults(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	app, err := svc.Create(t.Context(), &apps.CreateRequest{AppName: "聊天_App1", AppType: "Social", Intro: "hi", Region: apps.RegionTokyo})
	require.NoError(t, err)
	assert.EqualValues(t, 1400000001, app.SDKAppID)
	assert.Len(t, fmt.Sprint(app.SDKAppID), 10)
	assert.Equal(t, apps.EditionTrial, app.Edition)
	assert.Equal(t, apps.StatusEnabled, app.Status)
	assert.Equal(t, apps.AlgorithmHMACSHA256, app.SignatureAlgorithm)
	assert.Equal(t, apps.RegionTokyo, app.Region)
	assert.Nil(t, app.ExpiresAt, "Trial apps never expire")
	assert.WithinDuration(t, srv.Now(), app.CreatedAt, time.Second)
}

func TestCreateValidatesBeforeSending(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		req  apps.CreateRequest
		code string
	}{
		{"empty name", apps.CreateRequest{Region: apps.RegionChina}, "InvalidParameterValue.AppName"},
		{"16 characters", apps.CreateRequest{AppName: strings.Repeat("a", 16), Region: apps.RegionChina}, "InvalidParameterValue.AppName"},
		{"hyphen", apps.CreateRequest{AppName: "my-app", Region: apps.RegionChina}, "InvalidParameterValue.AppName"},
		{"space", apps.CreateRequest{AppName: "my app", Region: apps.RegionChina}, "InvalidParameterValue.AppName"},
		{"emoji", apps.CreateRequest{AppName: "app😀", Region: apps.RegionChina}, "InvalidParameterValue.AppName"},
		{"intro 301", apps.CreateRequest{AppName: "a", Intro: strings.Repeat("字", 301), Region: apps.RegionChina}, "InvalidParameterValue.Intro"},
		{"no region", apps.CreateRequest{AppName: "a"}, "MissingParameter"},
		{"unknown region", apps.CreateRequest{AppName: "a", Region: "mars-1"}, "InvalidParameterValue.Region"},
	}
	srv, svc := setup(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := svc.Create(t.Context(), &tc.req)
			ae := testkit.RequireCode(t, err, tc.code)
			assert.ErrorIs(t, err, client.ErrInvalidParameter)
			assert.Empty(t, ae.RequestID, "refused locally")
		})
	}
	t.Cleanup(func() { assert.Empty(t, srv.Requests(), "nothing invalid reaches the server") })
}

func TestServerValidatesLikeTheClient(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	for _, name := range []string{"", "a-b", strings.Repeat("名", 16)} {
		req := apps.CreateRequest{AppName: name, Region: apps.RegionChina}
		local := req.Validate()
		remote := c.Call(t.Context(), apps.ActionRegister, &req, nil)
		var l, r *client.APIError
		require.ErrorAs(t, local, &l)
		require.ErrorAs(t, remote, &r)
		assert.Equal(t, l.Code, r.Code)
		assert.Equal(t, l.Message, r.Message)
		assert.NotEmpty(t, r.RequestID, "answered by the server, whatever its status")
	}
}

func TestAppLimitPerAccount(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	for i := range apps.MaxAppsPerAccount {
		newApp(t, svc, fmt.Sprintf("app%d", i))
	}
	_, err := svc.Create(t.Context(), &apps.CreateRequest{AppName: "oneTooMany", Region: apps.RegionChina})
	testkit.RequireCode(t, err, "LimitExceeded.AppCount")
	assert.ErrorIs(t, err, client.ErrLimitExceeded)

	// Another account has its own 300.
	id, key := srv.NewAccount()
	other := srv.Console(client.WithCredentials(id, key)).Apps
	newApp(t, other, "elsewhere")

	// Deleting one frees a slot.
	first := uint64(1400000001)
	require.NoError(t, svc.Disable(t.Context(), first))
	require.NoError(t, svc.Delete(t.Context(), first))
	app := newApp(t, svc, "fits")
	assert.NotEqual(t, first, app.SDKAppID, "IDs are never reused")
}

func TestGetOtherAccountsAppIsNotFound(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	mine := newApp(t, srv.Console().Apps, "mine")
	id, key := srv.NewAccount()
	other := srv.Console(client.WithCredentials(id, key)).Apps

	_, errOther := other.Get(t.Context(), mine.SDKAppID)
	_, errUnknown := other.Get(t.Context(), 1409999999)
	a := testkit.RequireCode(t, errOther, "ResourceNotFound.App")
	b := testkit.RequireCode(t, errUnknown, "ResourceNotFound.App")
	assert.ErrorIs(t, errOther, client.ErrNotFound)
	assert.Equal(t, a.HTTPStatus, b.HTTPStatus)
	assert.Equal(t, strings.Replace(a.Message, fmt.Sprint(mine.SDKAppID), "X", 1), strings.Replace(b.Message, "1409999999", "X", 1), "indistinguishable")
	for _, call := range []func() error{
		func() error { return other.Disable(t.Context(), mine.SDKAppID) },
		func() error { _, err := other.Secret(t.Context(), mine.SDKAppID); return err },
		func() error { _, err := other.EnableTRTC(t.Context(), mine.SDKAppID); return err },
	} {
		assert.ErrorIs(t, call(), client.ErrNotFound)
	}
	page, err := other.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Zero(t, page.TotalCount)
}

func TestListIDsOnTencentCloud(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       []uint64
		code       string
	}{
		{"ids", `{"Response":{"SdkAppids":[1400000001,1400000002],"RequestId":"r"}}`, []uint64{1400000001, 1400000002}, ""},
		{"none", `{"Response":{"SdkAppids":[],"RequestId":"r"}}`, []uint64{}, ""},
		{"absent", `{"Response":{"RequestId":"r"}}`, []uint64{}, ""},
		{"error on HTTP 200", `{"Response":{"Error":{"Code":"FailedOperation","Message":"m"},"RequestId":"r"}}`, nil, "FailedOperation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := httpmock.NewMockTransport()
			tr.RegisterMatcherResponder(http.MethodPost, "https://cim.tencentcloudapi.com/",
				httpmock.HeaderIs("X-TC-Action", "DescribeSdkAppid").And(httpmock.HeaderIs("X-TC-Version", "2019-03-18")),
				httpmock.NewStringResponder(200, tt.body))
			c, err := client.New(client.WithCredentials("id", "key"), client.WithTencentCloud(), client.WithHTTPClient(&http.Client{Transport: tr}))
			require.NoError(t, err)
			svc := apps.New(c)
			got, err := svc.ListIDs(t.Context())
			assert.Equal(t, 1, tr.GetTotalCallCount())
			if tt.code != "" {
				assert.True(t, client.HasCode(err, tt.code), "%v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)

			_, err = svc.Get(t.Context(), 1400000001)
			assert.ErrorIs(t, err, client.ErrConsoleOnly)
			assert.Equal(t, 1, tr.GetTotalCallCount(), "the console action was not sent")
		})
	}
}

// TestListIDsAgainstImtest runs ListIDs against imtest, which serves cim
// DescribeSdkAppid.
func TestListIDsAgainstImtest(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()
	ids, err := svc.ListIDs(ctx)
	require.NoError(t, err)
	assert.Empty(t, ids)

	var want []uint64
	for range 3 {
		want = append(want, newApp(t, svc, "ids").SDKAppID)
	}
	require.NoError(t, svc.Disable(ctx, want[1]))
	require.NoError(t, svc.Delete(ctx, want[1]))
	ids, err = svc.ListIDs(ctx)
	require.NoError(t, err)
	assert.ElementsMatch(t, []uint64{want[0], want[2]}, ids, "deleted apps excluded")

	otherID, otherKey := srv.NewAccount()
	ids, err = srv.Console(client.WithCredentials(otherID, otherKey)).Apps.ListIDs(ctx)
	require.NoError(t, err)
	assert.Empty(t, ids, "another account's apps are not listed")

	reqs := srv.RequestsFor(apps.ActionListIDs)
	require.NotEmpty(t, reqs)
}

func TestUpdateProfile(t *testing.T) {
	t.Parallel()
	_, svc := setup(t)
	app := newApp(t, svc, "before")
	name, intro := "after", "new intro"
	got, err := svc.UpdateProfile(t.Context(), app.SDKAppID, apps.ProfileUpdate{AppName: &name, Intro: &intro})
	require.NoError(t, err)
	assert.Equal(t, "after", got.AppName)
	assert.Equal(t, "new intro", got.Intro)
	assert.Equal(t, app.AppType, got.AppType, "nil fields are kept")

	_, err = svc.UpdateProfile(t.Context(), app.SDKAppID, apps.ProfileUpdate{})
	testkit.RequireCode(t, err, "MissingParameter")
	bad := "bad name!"
	_, err = svc.UpdateProfile(t.Context(), app.SDKAppID, apps.ProfileUpdate{AppName: &bad})
	testkit.RequireCode(t, err, "InvalidParameterValue.AppName")
}

func TestUpgradeEditionIsOneWay(t *testing.T) {
	t.Parallel()
	start := time.Now() // frozen: the package's end is compared to the second
	srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return start }))
	svc := srv.Console().Apps
	ctx := t.Context()
	app := newApp(t, svc, "grow")

	pro, err := svc.UpgradeEdition(ctx, app.SDKAppID, apps.EditionPro)
	require.NoError(t, err)
	assert.Equal(t, apps.EditionPro, pro.Edition)
	require.NotNil(t, pro.ExpiresAt, "paid packages expire")
	assert.Equal(t, srv.Now().Add(365*24*time.Hour).Unix(), pro.ExpiresAt.Unix())

	for e, advice := range map[apps.Edition]string{apps.EditionTrial: "create a new app", apps.EditionPro: "already Pro"} {
		_, err := svc.UpgradeEdition(ctx, app.SDKAppID, e)
		ae := testkit.RequireCode(t, err, "FailedOperation.DowngradeNotAllowed")
		assert.Contains(t, ae.Message, advice)
	}
	flag, err := svc.UpgradeEdition(ctx, app.SDKAppID, apps.EditionFlagship)
	require.NoError(t, err)
	assert.Equal(t, apps.EditionFlagship, flag.Edition)
	assert.Equal(t, pro.ExpiresAt.Unix(), flag.ExpiresAt.Unix(), "the package term is kept")

	ent, err := svc.UpgradeEdition(ctx, app.SDKAppID, apps.EditionEnterprise)
	require.NoError(t, err)
	assert.Equal(t, apps.EditionEnterprise, ent.Edition, "企业版 is above 旗舰版")
	assert.Equal(t, pro.ExpiresAt.Unix(), ent.ExpiresAt.Unix(), "the package term is kept")
	for _, e := range []apps.Edition{apps.EditionFlagship, apps.EditionEnterprise} {
		_, err := svc.UpgradeEdition(ctx, app.SDKAppID, e)
		testkit.RequireCode(t, err, "FailedOperation.DowngradeNotAllowed")
	}

	_, err = svc.UpgradeEdition(ctx, app.SDKAppID, "Platinum")
	ae := testkit.RequireCode(t, err, "InvalidParameterValue.Edition")
	assert.Contains(t, ae.Message, "use Pro, Flagship or Enterprise")
}

func TestTrialDisableAndDelete(t *testing.T) {
	t.Parallel()
	_, svc := setup(t)
	ctx := t.Context()
	app := newApp(t, svc, "scratch")

	err := svc.Delete(ctx, app.SDKAppID)
	ae := testkit.RequireCode(t, err, "FailedOperation.AppNotDisabled")
	assert.Contains(t, ae.Message, fmt.Sprintf("app %d is Enabled; disable it before deleting", app.SDKAppID))

	require.NoError(t, svc.Disable(ctx, app.SDKAppID))
	assertStatus(t, svc, app.SDKAppID, apps.StatusDisabled)
	testkit.RequireCode(t, svc.Disable(ctx, app.SDKAppID), "FailedOperation.AppDisabled")
	_, err = svc.EnableTRTC(ctx, app.SDKAppID)
	testkit.RequireCode(t, err, "FailedOperation.AppDisabled")

	require.NoError(t, svc.Delete(ctx, app.SDKAppID))
	_, err = svc.Get(ctx, app.SDKAppID)
	testkit.RequireCode(t, err, "ResourceNotFound.App")
	testkit.RequireCode(t, svc.Delete(ctx, app.SDKAppID), "ResourceNotFound.App")
}

func TestPaidAppCannotBeDisabledOrDeletedByOwner(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()
	for _, ed := range []apps.Edition{apps.EditionPro, apps.EditionFlagship, apps.EditionEnterprise} {
		app := seedApp(t, srv, imtest.AppSeed{Edition: ed})
		err := svc.Disable(ctx, app.SDKAppID)
		testkit.RequireCode(t, err, "UnsupportedOperation.PaidAppDisable")
		assert.ErrorIs(t, err, client.ErrUnsupported)
		testkit.RequireCode(t, svc.Delete(ctx, app.SDKAppID), "UnsupportedOperation.ContactSupport")

		// Even once billing disabled it, only support deletes it.
		require.NoError(t, srv.Refund(app.SDKAppID))
		srv.Advance(7 * 24 * time.Hour)
		testkit.RequireCode(t, svc.Delete(ctx, app.SDKAppID), "UnsupportedOperation.ContactSupport")
	}
}

// A paid app in Arrears is Disabled 7 days later (imconsole's own period:
// Tencent documents none); one whose package ran out is Expired for 24
// hours, then Disabled (im-facts, 1047/55094: renew within 24 hours after
// expiry, else 停服), also when it is in Arrears then. Renewing enables
// either.
func TestBillingGraceThenDisabled(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		start  func(t *testing.T, srv *imtest.Server, svc *apps.Service) uint64
		status apps.Status
		grace  time.Duration
	}{
		{"arrears", func(t *testing.T, srv *imtest.Server, _ *apps.Service) uint64 {
			app := seedApp(t, srv, imtest.AppSeed{Edition: apps.EditionPro})
			require.NoError(t, srv.MarkArrears(app.SDKAppID))
			return app.SDKAppID
		}, apps.StatusArrears, 7 * 24 * time.Hour},
		{"package runs out", func(t *testing.T, srv *imtest.Server, svc *apps.Service) uint64 {
			app := newApp(t, svc, "paid")
			_, err := svc.UpgradeEdition(t.Context(), app.SDKAppID, apps.EditionPro)
			require.NoError(t, err)
			srv.Advance(365 * 24 * time.Hour)
			return app.SDKAppID
		}, apps.StatusExpired, 24 * time.Hour},
		{"arrears a day before the package runs out", func(t *testing.T, srv *imtest.Server, svc *apps.Service) uint64 {
			app := newApp(t, svc, "paid")
			_, err := svc.UpgradeEdition(t.Context(), app.SDKAppID, apps.EditionPro)
			require.NoError(t, err)
			srv.Advance(364 * 24 * time.Hour)
			require.NoError(t, srv.MarkArrears(app.SDKAppID))
			return app.SDKAppID
		}, apps.StatusArrears, 2 * 24 * time.Hour}, // the package's 24 h of grace end before arrears' 7 days
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, svc := setup(t)
			id := tc.start(t, srv, svc)
			assertStatus(t, svc, id, tc.status)
			srv.Advance(tc.grace - time.Second)
			assertStatus(t, svc, id, tc.status)
			srv.Advance(time.Second)
			assertStatus(t, svc, id, apps.StatusDisabled)

			require.NoError(t, srv.Renew(id))
			assertStatus(t, svc, id, apps.StatusEnabled)
		})
	}
}

// A refunded package disables the app at once (im-facts, 1047/55095:
// refunding the package makes the SDKAppID 停用); renewing enables it.
func TestRefundDisablesAtOnce(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()
	app := seedApp(t, srv, imtest.AppSeed{Edition: apps.EditionFlagship})

	require.NoError(t, srv.Refund(app.SDKAppID))
	assertStatus(t, svc, app.SDKAppID, apps.StatusDisabled)
	page, err := svc.List(ctx, &apps.ListOptions{Status: apps.StatusDisabled})
	require.NoError(t, err)
	require.Equal(t, 1, page.TotalCount)
	assert.Equal(t, app.SDKAppID, page.Apps[0].SDKAppID)

	require.NoError(t, srv.Renew(app.SDKAppID))
	assertStatus(t, svc, app.SDKAppID, apps.StatusEnabled)
}

// A paid app whose package ended is renewed through UpgradeEdition, at
// its edition or a higher one (im-facts, 1047/55094: "已停用" apps can be
// renewed via 基本配置 -> 升级套餐包): a new one-year package, Enabled. An
// app Disabled in arrears (its package still running), or a lower
// edition, is refused.
func TestUpgradeEditionRenewsAnEndedPackage(t *testing.T) {
	t.Parallel()
	start := time.Now() // frozen but for Advance: the one-year package is compared to the second
	srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return start }))
	svc := srv.Console().Apps
	ctx := t.Context()
	lapsed := newApp(t, svc, "lapsed")
	_, err := svc.UpgradeEdition(ctx, lapsed.SDKAppID, apps.EditionPro)
	require.NoError(t, err)
	srv.Advance(365 * 24 * time.Hour)
	expired := seedApp(t, srv, imtest.AppSeed{Edition: apps.EditionFlagship, Status: apps.StatusExpired})
	refunded := seedApp(t, srv, imtest.AppSeed{Edition: apps.EditionFlagship})
	require.NoError(t, srv.Refund(refunded.SDKAppID))
	arrears := seedApp(t, srv, imtest.AppSeed{Edition: apps.EditionPro, Status: apps.StatusArrears})
	srv.Advance(7 * 24 * time.Hour)
	assertStatus(t, svc, lapsed.SDKAppID, apps.StatusDisabled)
	assertStatus(t, svc, arrears.SDKAppID, apps.StatusDisabled)
	now := srv.Now()

	for _, tc := range []struct {
		name    string
		id      uint64
		edition apps.Edition
		code    string
	}{
		{"Disabled 24 hours after expiry, same edition", lapsed.SDKAppID, apps.EditionPro, ""},
		{"refunded, same edition", refunded.SDKAppID, apps.EditionFlagship, ""},
		{"ended package, to a lower edition", expired.SDKAppID, apps.EditionPro, "FailedOperation.DowngradeNotAllowed"},
		{"Disabled in arrears", arrears.SDKAppID, apps.EditionFlagship, "FailedOperation.AppDisabled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app, err := svc.UpgradeEdition(ctx, tc.id, tc.edition)
			if tc.code != "" {
				testkit.RequireCode(t, err, tc.code)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, apps.StatusEnabled, app.Status)
			assert.Equal(t, tc.edition, app.Edition)
			require.NotNil(t, app.ExpiresAt)
			assert.Equal(t, now.Add(365*24*time.Hour).Unix(), app.ExpiresAt.Unix(), "a new one-year package from now")
		})
	}
	_, err = svc.UpgradeEdition(ctx, lapsed.SDKAppID, apps.EditionPro)
	testkit.RequireCode(t, err, "FailedOperation.DowngradeNotAllowed") // renewed: its package runs again
}

// A TRTC trial app (TRTC 体验版) is disabled on the TRTC side first; then
// support disables and deletes it. Its owner can do neither in the IM
// console.
func TestTRTCTrialAppLifecycle(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()
	app := seedApp(t, srv, imtest.AppSeed{Edition: apps.EditionTRTCTrial})
	assert.Equal(t, apps.EditionTRTCTrial, app.Edition)
	assert.True(t, app.TRTCEnabled, "a TRTC trial app comes from the TRTC console")
	assert.Nil(t, app.ExpiresAt, "a trial has no package to expire")

	ae := testkit.RequireCode(t, svc.Disable(ctx, app.SDKAppID), "UnsupportedOperation.ContactSupport")
	assert.Contains(t, ae.Message, "TRTC console first")
	ae = testkit.RequireCode(t, svc.Delete(ctx, app.SDKAppID), "UnsupportedOperation.ContactSupport")
	assert.Contains(t, ae.Message, "TRTC console first")
	assertStatus(t, svc, app.SDKAppID, apps.StatusEnabled, "refused requests change nothing")

	require.Error(t, srv.SupportDelete(app.SDKAppID), "support deletes only Disabled apps")
	require.NoError(t, srv.DisableOnTRTC(app.SDKAppID))
	assertStatus(t, svc, app.SDKAppID, apps.StatusDisabled)
	testkit.RequireCode(t, svc.Disable(ctx, app.SDKAppID), "FailedOperation.AppDisabled")
	ae = testkit.RequireCode(t, svc.Delete(ctx, app.SDKAppID), "UnsupportedOperation.ContactSupport")
	assert.Contains(t, ae.Message, "support")

	require.NoError(t, srv.SupportDelete(app.SDKAppID))
	_, err := svc.Get(ctx, app.SDKAppID)
	testkit.RequireCode(t, err, "ResourceNotFound.App")
	require.Error(t, srv.SupportDelete(app.SDKAppID), "deletion is final")
}

func TestTRTCTrialEditionListedAndFiltered(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()
	newApp(t, svc, "plain")
	trtc := seedApp(t, srv, imtest.AppSeed{Edition: apps.EditionTRTCTrial})
	page, err := svc.List(ctx, &apps.ListOptions{Edition: apps.EditionTRTCTrial})
	require.NoError(t, err)
	require.Equal(t, 1, page.TotalCount)
	assert.Equal(t, trtc.SDKAppID, page.Apps[0].SDKAppID)
	page, err = svc.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, page.TotalCount)
}

// TestListFiltersEveryEdition: DescribeIMApps' Edition filter takes each
// edition of docs/protocol.md, Enterprise (企业版) included, and answers
// that edition's apps only.
func TestListFiltersEveryEdition(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	editions := []apps.Edition{apps.EditionTrial, apps.EditionTRTCTrial, apps.EditionPro, apps.EditionFlagship, apps.EditionEnterprise}
	seeded := map[apps.Edition]uint64{}
	for _, e := range editions {
		seeded[e] = seedApp(t, srv, imtest.AppSeed{Edition: e}).SDKAppID
	}
	for _, e := range editions {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			page, err := svc.List(t.Context(), &apps.ListOptions{Edition: e})
			require.NoError(t, err)
			require.Equal(t, 1, page.TotalCount)
			assert.Equal(t, seeded[e], page.Apps[0].SDKAppID)
			assert.Equal(t, e, page.Apps[0].Edition)
		})
	}
}

// TestEditionAtLeast: each edition has the features and limits of those
// below it (Trial and TRTCTrial → Pro → Flagship → Enterprise); an
// Enterprise app has every Flagship feature (Tencent: "旗舰版或企业版",
// 269/76669), and an unknown edition has none.
func TestEditionAtLeast(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		e, base apps.Edition
		want    bool
	}{
		{apps.EditionEnterprise, apps.EditionFlagship, true},
		{apps.EditionEnterprise, apps.EditionEnterprise, true},
		{apps.EditionEnterprise, apps.EditionPro, true},
		{apps.EditionFlagship, apps.EditionFlagship, true},
		{apps.EditionFlagship, apps.EditionEnterprise, false},
		{apps.EditionPro, apps.EditionFlagship, false},
		{apps.EditionTrial, apps.EditionPro, false},
		{apps.EditionTRTCTrial, apps.EditionTrial, true},
		{apps.EditionTrial, apps.EditionTRTCTrial, true},
		{"Gold", apps.EditionTrial, false},
	} {
		assert.Equal(t, tc.want, tc.e.AtLeast(tc.base), "%s at least %s", tc.e, tc.base)
	}
	for e, paid := range map[apps.Edition]bool{apps.EditionTrial: false, apps.EditionTRTCTrial: false, apps.EditionPro: true, apps.EditionFlagship: true, apps.EditionEnterprise: true, "Gold": false} {
		assert.Equal(t, paid, e.Paid(), "%s paid", e)
	}
}

func TestTRTCTrialUpgradesOneWay(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()
	app := seedApp(t, srv, imtest.AppSeed{Edition: apps.EditionTRTCTrial})

	// TRTCTrial cannot be chosen, from Trial or anywhere else.
	trial := newApp(t, svc, "trial")
	_, err := svc.UpgradeEdition(ctx, trial.SDKAppID, apps.EditionTRTCTrial)
	ae := testkit.RequireCode(t, err, "InvalidParameterValue.Edition")
	assert.True(t, strings.Contains(ae.Message, "TRTC console"), ae.Message)

	up, err := svc.UpgradeEdition(ctx, app.SDKAppID, apps.EditionPro)
	require.NoError(t, err)
	assert.Equal(t, apps.EditionPro, up.Edition)
	assert.NotNil(t, up.ExpiresAt)
	_, err = svc.UpgradeEdition(ctx, app.SDKAppID, apps.EditionTrial)
	testkit.RequireCode(t, err, "FailedOperation.DowngradeNotAllowed")

	// Now paid: the paid rules apply, and support deletes it once billing
	// has disabled it.
	testkit.RequireCode(t, svc.Disable(ctx, app.SDKAppID), "UnsupportedOperation.PaidAppDisable")
	require.NoError(t, srv.Refund(app.SDKAppID))
	// Disabled now, a Disable is a write on a Disabled app, whatever the
	// edition (protocol.md: "Write actions on a Disabled app fail with
	// FailedOperation.AppDisabled").
	testkit.RequireCode(t, svc.Disable(ctx, app.SDKAppID), "FailedOperation.AppDisabled")
	srv.Advance(7 * 24 * time.Hour)
	require.NoError(t, srv.SupportDelete(app.SDKAppID))
	_, err = svc.Get(ctx, app.SDKAppID)
	testkit.RequireCode(t, err, "ResourceNotFound.App")
}

func TestSupportDeleteRefusesOwnerDeletableTrial(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	app := newApp(t, svc, "trial")
	require.NoError(t, svc.Disable(t.Context(), app.SDKAppID))
	require.Error(t, srv.SupportDelete(app.SDKAppID), "a Trial app is deleted by its owner")
	require.Error(t, srv.DisableOnTRTC(app.SDKAppID), "only TRTCTrial apps are disabled on the TRTC side")
}

func TestSecretAndSignatureAlgorithmUpgrade(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()

	legacy := seedApp(t, srv, imtest.AppSeed{CreatedAt: time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)})
	assert.Equal(t, apps.AlgorithmECDSASHA256, legacy.SignatureAlgorithm, "apps before 2019-08-15 are ECDSA")

	sec, err := svc.Secret(ctx, legacy.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, apps.AlgorithmECDSASHA256, sec.SignatureAlgorithm)
	assert.Contains(t, sec.PrivateKey, "BEGIN EC PRIVATE KEY")
	assert.Contains(t, sec.PublicKey, "BEGIN PUBLIC KEY")
	assert.Empty(t, sec.Key)

	up, err := svc.UpgradeSignatureAlgorithm(ctx, legacy.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, apps.AlgorithmHMACSHA256, up.SignatureAlgorithm)
	sec, err = svc.Secret(ctx, legacy.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, apps.AlgorithmHMACSHA256, sec.SignatureAlgorithm)
	assert.Len(t, sec.Key, 64)

	_, err = svc.UpgradeSignatureAlgorithm(ctx, legacy.SDKAppID)
	testkit.RequireCode(t, err, "FailedOperation.AlreadyHMAC")
}

func TestSecretNeverPrinted(t *testing.T) {
	t.Parallel()
	_, svc := setup(t)
	app := newApp(t, svc, "s")
	sec, err := svc.Secret(t.Context(), app.SDKAppID)
	require.NoError(t, err)
	require.NotEmpty(t, sec.Key)
	for _, out := range []string{
		fmt.Sprint(sec), fmt.Sprintf("%v %+v %#v %s %q", sec, sec, sec, *sec, *sec), sec.String(), sec.GoString(), sec.LogValue().String(),
	} {
		assert.NotContains(t, out, sec.Key)
	}
}

func TestSecretStaysSecretWhenNested(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	hmacApp := newApp(t, svc, "hmac")
	legacy := seedApp(t, srv, imtest.AppSeed{CreatedAt: time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)})
	for _, id := range []uint64{hmacApp.SDKAppID, legacy.SDKAppID} {
		sec, err := svc.Secret(t.Context(), id)
		require.NoError(t, err)
		keys := []string{sec.Key, sec.PrivateKey, sec.PublicKey}
		for _, k := range []string{sec.PrivateKey, sec.PublicKey} { // each PEM line on its own
			for _, line := range strings.Split(k, "\n") {
				if len(line) >= 16 && !strings.HasPrefix(line, "-----") {
					keys = append(keys, line)
				}
			}
		}
		t.Run(string(sec.SignatureAlgorithm), func(t *testing.T) {
			t.Parallel()
			type holder struct {
				Name    string
				Secret  apps.Secret
				Pointer *apps.Secret
				Any     any
			}
			nested := map[string][]holder{"apps": {{Name: "app", Secret: *sec, Pointer: sec, Any: []any{*sec, map[string]any{"deep": sec}}}}}
			out, encoded := testkit.Render(t, nested)
			top, _ := testkit.Render(t, sec)
			assert.Contains(t, encoded, `"SignatureAlgorithm":"`+string(sec.SignatureAlgorithm)+`"`)
			assert.Contains(t, encoded, `[redacted]`)
			for _, k := range keys {
				if k != "" {
					assert.NotContains(t, out+top, k)
				}
			}
		})
	}
}

func TestSecretJSONMasksEachKeyItHas(t *testing.T) {
	t.Parallel()
	cases := []struct {
		secret apps.Secret
		want   string
	}{
		{apps.Secret{SignatureAlgorithm: apps.AlgorithmHMACSHA256, Key: "k"}, `{"SignatureAlgorithm":"HMAC-SHA256","Key":"[redacted]"}`},
		{apps.Secret{SignatureAlgorithm: apps.AlgorithmECDSASHA256, PrivateKey: "p", PublicKey: "q"}, `{"SignatureAlgorithm":"ECDSA-SHA256","PrivateKey":"[redacted]","PublicKey":"[redacted]"}`},
		{apps.Secret{}, `{"SignatureAlgorithm":""}`},
	}
	for _, tc := range cases {
		got, err := json.Marshal(tc.secret)
		require.NoError(t, err)
		assert.JSONEq(t, tc.want, string(got))
	}
}

func TestEnableTRTCIsIdempotent(t *testing.T) {
	t.Parallel()
	_, svc := setup(t)
	app := newApp(t, svc, "rtc")
	assert.False(t, app.TRTCEnabled)
	for range 2 {
		got, err := svc.EnableTRTC(t.Context(), app.SDKAppID)
		require.NoError(t, err)
		assert.True(t, got.TRTCEnabled)
	}
}

func TestListPagesAndFilters(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()
	for i := range 45 {
		newApp(t, svc, fmt.Sprintf("a%d", i))
	}
	_, err := svc.UpgradeEdition(ctx, 1400000003, apps.EditionPro)
	require.NoError(t, err)

	page, err := svc.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 45, page.TotalCount)
	assert.Len(t, page.Apps, 20, "default limit")
	assert.EqualValues(t, 1400000001, page.Apps[0].SDKAppID, "oldest first")

	page, err = svc.List(ctx, &apps.ListOptions{Offset: 40, Limit: 10})
	require.NoError(t, err)
	assert.Len(t, page.Apps, 5)

	page, err = svc.List(ctx, &apps.ListOptions{Edition: apps.EditionPro})
	require.NoError(t, err)
	require.Equal(t, 1, page.TotalCount)
	assert.EqualValues(t, 1400000003, page.Apps[0].SDKAppID)

	for _, o := range []apps.ListOptions{{Limit: 101}, {Limit: -1}, {Offset: -1}, {Edition: "Gold"}, {Status: "Sleeping"}} {
		_, err := svc.List(ctx, &o)
		assert.ErrorIs(t, err, client.ErrInvalidParameter, "%+v", o)
	}

	opts := &apps.ListOptions{Limit: 7}
	var ids []uint64
	for app, err := range svc.All(ctx, opts) {
		require.NoError(t, err)
		ids = append(ids, app.SDKAppID)
	}
	assert.Len(t, ids, 45)
	assert.Equal(t, &apps.ListOptions{Limit: 7}, opts, "All leaves the options alone")
	assert.Len(t, srv.RequestsFor(apps.ActionList), 3+7, "three pages above, then seven pages of 7; invalid options never reach the server")

	// Stopping early fetches no more pages.
	before := len(srv.RequestsFor(apps.ActionList))
	for range svc.All(ctx, &apps.ListOptions{Limit: 5}) {
		break
	}
	assert.Len(t, srv.RequestsFor(apps.ActionList), before+1)
}

func TestAllYieldsErrors(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	svc := srv.Console(client.WithoutRetries()).Apps
	newApp(t, svc, "x")
	srv.Inject(imtest.Fault{Action: apps.ActionList, Code: "InternalError"})
	var errs []error
	for _, err := range svc.All(t.Context(), nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], client.ErrInternal)
}

func TestRetriedCreateMakesOneApp(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	srv.Inject(imtest.Fault{Action: apps.ActionRegister, LoseResponse: true})

	app, err := svc.Create(t.Context(), &apps.CreateRequest{AppName: "once", Region: apps.RegionChina})
	require.NoError(t, err)
	page, err := svc.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, 1, page.TotalCount, "the retry created nothing")
	assert.Equal(t, app.SDKAppID, page.Apps[0].SDKAppID)

	reqs := srv.RequestsFor(apps.ActionRegister)
	require.Len(t, reqs, 2)
	assert.NotEmpty(t, reqs[0].ClientToken)
	assert.Equal(t, reqs[0].ClientToken, reqs[1].ClientToken)
	assert.True(t, reqs[1].Replayed)
}

func TestClientTokenAcrossCalls(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()
	req := &apps.CreateRequest{AppName: "tok", Region: apps.RegionChina, Idempotency: client.Idempotency{ClientToken: "order-42"}}
	a, err := svc.Create(ctx, req)
	require.NoError(t, err)
	b, err := svc.Create(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, a, b, "the same token answers the first response")

	other := *req
	other.AppName = "different"
	_, err = svc.Create(ctx, &other)
	testkit.RequireCode(t, err, "InvalidParameterValue.ClientToken")

	srv.Advance(24 * time.Hour)
	c, err := svc.Create(ctx, req)
	require.NoError(t, err)
	assert.NotEqual(t, a.SDKAppID, c.SDKAppID, "tokens are remembered for 24 hours")
}

func TestWritesOnDisabledAppsFail(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx := t.Context()
	app := seedApp(t, srv, imtest.AppSeed{Status: apps.StatusDisabled, CreatedAt: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)})
	name := "n"
	calls := map[string]func() error{
		"UpdateProfile": func() error {
			_, err := svc.UpdateProfile(ctx, app.SDKAppID, apps.ProfileUpdate{AppName: &name})
			return err
		},
		"UpgradeEdition":            func() error { _, err := svc.UpgradeEdition(ctx, app.SDKAppID, apps.EditionPro); return err },
		"EnableTRTC":                func() error { _, err := svc.EnableTRTC(ctx, app.SDKAppID); return err },
		"UpgradeSignatureAlgorithm": func() error { _, err := svc.UpgradeSignatureAlgorithm(ctx, app.SDKAppID); return err },
	}
	for name, call := range calls {
		err := call()
		assert.True(t, client.HasCode(err, "FailedOperation.AppDisabled"), "%s: %v", name, err)
		assert.True(t, errors.Is(err, client.ErrFailedOperation), name)
	}
}

func TestAllRefusesLimitAboveMax(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	newApp(t, svc, "x")
	var errs []error
	for app, err := range svc.All(t.Context(), &apps.ListOptions{Limit: client.MaxPageSize + 1}) {
		assert.Nil(t, app)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1, "the refusal is the only thing yielded")
	testkit.RequireCode(t, errs[0], "InvalidParameterValue.Limit")
	assert.Empty(t, srv.RequestsFor(apps.ActionList), "refused before any request")
}

// An answer without what the caller asked for (the App, the key) is an
// error, never (nil, nil): a body without a Response, a Response with
// neither an Error nor the expected fields, and an Error however its key
// is written.
func TestAnswersWithoutTheResultAreErrors(t *testing.T) {
	t.Parallel()
	const notEnvelope = "not a JSON Response envelope"
	cases := []struct {
		name, body string
		code       string // the *APIError's, or ""
		errText    string // the error's text otherwise
	}{
		{"empty object", `{}`, "", notEnvelope},
		{"empty Response", `{"Response":{}}`, "", notEnvelope},
		{"RequestId only", `{"Response":{"RequestId":"r"}}`, "", "the answer has no"},
		{"null result", `{"Response":{"App":null,"Key":"","RequestId":"r"}}`, "", "the answer has no"},
		{"spaced Error key", `{"Response" : {"Error" : {"Code" : "ResourceNotFound.App", "Message" : "m"}, "RequestId" : "r"}}`, "ResourceNotFound.App", ""},
		{"escaped Error key", `{"Response":{"\u0045rror":{"Code":"ResourceNotFound.App","Message":"m"},"RequestId":"r"}}`, "ResourceNotFound.App", ""},
		{"not JSON", `Error: upstream down`, "", notEnvelope},
		{"array", `[{"Response":{"RequestId":"r"}}]`, "", notEnvelope},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := testkit.Answering(t, tc.body)
			svc := apps.New(c)
			app, getErr := svc.Get(t.Context(), 1400000001)
			assert.Nil(t, app)
			sec, secErr := svc.Secret(t.Context(), 1400000001)
			assert.Nil(t, sec)
			for _, err := range []error{getErr, secErr} {
				require.Error(t, err)
				if tc.code != "" {
					testkit.RequireCode(t, err, tc.code)
				} else {
					assert.ErrorContains(t, err, tc.errText)
				}
			}
		})
	}
}

// A DescribeIMAppSecret answer without the key its algorithm signs with
// (Key for HMAC-SHA256, PrivateKey for ECDSA-SHA256) is an error, as
// Secret's doc says: a Secret whose key is empty fails only later, in
// usersig, far from the broken answer.
func TestSecretAnswerWithoutItsAlgorithmsKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body string }{
		{"HMAC with a PrivateKey only", `{"Response":{"SignatureAlgorithm":"HMAC-SHA256","PrivateKey":"p","RequestId":"r"}}`},
		{"ECDSA with a Key only", `{"Response":{"SignatureAlgorithm":"ECDSA-SHA256","Key":"k","RequestId":"r"}}`},
		{"ECDSA with a PublicKey only", `{"Response":{"SignatureAlgorithm":"ECDSA-SHA256","PublicKey":"q","RequestId":"r"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := testkit.Answering(t, tc.body)
			sec, err := apps.New(c).Secret(t.Context(), 1400000001)
			assert.Nil(t, sec)
			assert.ErrorContains(t, err, "the answer has no")
		})
	}
}

// Every option List refuses is refused before sending, with a message
// that says what to give instead.
func TestListRefusalsSayWhatToGive(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	for _, tc := range []struct {
		name string
		opts apps.ListOptions
		code string
	}{
		{"negative offset", apps.ListOptions{Offset: -1}, "InvalidParameterValue.Offset"},
		{"limit above 100", apps.ListOptions{Limit: 101}, "InvalidParameterValue.Limit"},
		{"negative limit", apps.ListOptions{Limit: -1}, "InvalidParameterValue.Limit"},
		{"unknown edition", apps.ListOptions{Edition: "pro"}, "InvalidParameterValue.Edition"},
		{"unknown status", apps.ListOptions{Status: "enabled"}, "InvalidParameterValue.Status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := svc.List(t.Context(), &tc.opts)
			ae := testkit.RequireCode(t, err, tc.code)
			assert.Contains(t, ae.Message, "use ", "says what to give")
		})
	}
	t.Cleanup(func() { assert.Empty(t, srv.RequestsFor(apps.ActionList), "refused before sending") })
}

// docs/protocol.md, Apps > Rules: "An action that names an app with
// SdkAppId absent or 0 answers MissingParameter, before looking for the
// app" (not ResourceNotFound.App).
func TestZeroSdkAppIDIsMissingParameter(t *testing.T) {
	t.Parallel()
	_, svc := setup(t)
	name := "n"
	for _, tc := range []struct {
		action string
		call   func() error
	}{
		{apps.ActionGet, func() error { _, err := svc.Get(t.Context(), 0); return err }},
		{apps.ActionUpdateProfile, func() error {
			_, err := svc.UpdateProfile(t.Context(), 0, apps.ProfileUpdate{AppName: &name})
			return err
		}},
		{apps.ActionUpgradeEdition, func() error { _, err := svc.UpgradeEdition(t.Context(), 0, apps.EditionPro); return err }},
		{apps.ActionDisable, func() error { return svc.Disable(t.Context(), 0) }},
		{apps.ActionDelete, func() error { return svc.Delete(t.Context(), 0) }},
		{apps.ActionSecret, func() error { _, err := svc.Secret(t.Context(), 0); return err }},
		{apps.ActionUpgradeSignatureAlgorithm, func() error { _, err := svc.UpgradeSignatureAlgorithm(t.Context(), 0); return err }},
		{apps.ActionEnableTRTC, func() error { _, err := svc.EnableTRTC(t.Context(), 0); return err }},
	} {
		t.Run(tc.action, func(t *testing.T) {
			t.Parallel()
			ae := testkit.RequireCode(t, tc.call(), "MissingParameter")
			assert.Contains(t, ae.Message, "SdkAppId")
		})
	}
}

// TestAllEndsAgainstAServerIgnoringOffset: a console server that leaves
// TotalCount out and answers the same full page whatever the Offset would
// make All page for ever; it fails once the pages hold more apps than an
// account has, having yielded no more than an account has.
func TestAllEndsAgainstAServerIgnoringOffset(t *testing.T) {
	t.Parallel()
	page := make([]string, client.MaxPageSize)
	for i := range page {
		page[i] = fmt.Sprintf(`{"SdkAppId":%d}`, 1400000001+i)
	}
	tr := httpmock.NewMockTransport()
	tr.RegisterResponder(http.MethodPost, "https://im.example.com/",
		httpmock.NewStringResponder(200, `{"Response":{"Apps":[`+strings.Join(page, ",")+`],"RequestId":"r"}}`))
	c, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint("https://im.example.com"), client.WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	var n int
	var last error
	for _, err := range apps.New(c).All(t.Context(), nil) {
		if err != nil {
			last = err
			continue
		}
		n++
		require.LessOrEqual(t, n, 10*apps.MaxAppsPerAccount, "the walk does not end")
	}
	assert.Equal(t, apps.MaxAppsPerAccount, n, "the apps yielded before the failure")
	require.Error(t, last)
	assert.Contains(t, last.Error(), "more than the 300 apps an account has")
	assert.Equal(t, 4, tr.GetTotalCallCount())
}

// TestCreateRefusalListsRegions: a CreateRequest without a Region, or with
// one that is no data center, is refused with every region ID, in
// Regions()'s order, China first, so the caller sees what to pick.
func TestCreateRefusalListsRegions(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, r := range apps.Regions() {
		ids = append(ids, string(r))
	}
	list := strings.Join(ids, ", ")
	require.True(t, strings.HasPrefix(list, "ap-guangzhou, "), list)
	for _, req := range []apps.CreateRequest{{AppName: "a"}, {AppName: "a", Region: "mars-1"}} {
		err := req.Validate()
		require.Error(t, err, "region %q", req.Region)
		assert.Contains(t, err.Error(), "use one of "+list, "region %q", req.Region)
	}
}
