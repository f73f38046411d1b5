package imtest_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// TestV4VerificationCodes: each defect of a request, alone, is answered
// with the code Tencent documents for it. A case is the well-formed
// account_check of an admin with what it changes: the identifier it signs
// as, the app disabled, the method, path or body, query values deleted or
// set, or the usersig replaced by one made for the case.
func TestV4VerificationCodes(t *testing.T) {
	t.Parallel()
	type sigFunc func(a *v4App, t *testing.T) string
	expired := func(a *v4App, t *testing.T) string {
		return mint(t, a.signer, "administrator", a.srv.Now().Add(-2*time.Minute), time.Minute)
	}
	otherKey := func(a *v4App, t *testing.T) string {
		other, err := usersig.NewHMACSigner(a.id, "another-key-another-key-another-k")
		require.NoError(t, err)
		return mint(t, other, "administrator", a.srv.Now(), time.Hour)
	}
	cases := []struct {
		name               string
		as                 string // the identifier and its usersig; "" is administrator
		disabled           bool
		method, path, body string // "" keeps POST, account_check, checkBody
		del                string
		set                url.Values
		sig                sigFunc
		code               int
	}{
		{name: "well formed", code: 0},
		{name: "GET instead of POST", method: http.MethodGet, code: restapi.CodeHTTPParse},
		{name: "random missing", del: "random", code: restapi.CodeHTTPParse},
		{name: "random over 32 bits", set: url.Values{"random": {"4294967296"}}, code: restapi.CodeHTTPParse},
		{name: "contenttype not json", set: url.Values{"contenttype": {"xml"}}, code: restapi.CodeHTTPParse},
		{name: "sdkappid missing", del: "sdkappid", code: restapi.CodeMissingSDKAppID},
		{name: "sdkappid not a number", set: url.Values{"sdkappid": {"14000x"}}, code: restapi.CodeMissingSDKAppID},
		{name: "unknown app", set: url.Values{"sdkappid": {"1499999999"}}, code: restapi.CodeAppNotFound},
		{name: "usersig missing", del: "usersig", code: restapi.CodeBadIdentity},
		{name: "identifier missing", del: "identifier", code: restapi.CodeBadIdentity},
		{name: "usersig truncated", sig: func(a *v4App, t *testing.T) string {
			s := a.sig(t, "administrator")
			return s[:len(s)/2]
		}, code: restapi.CodeUserSigMalformed},
		{name: "usersig garbage", set: url.Values{"usersig": {"not-a-usersig"}}, code: restapi.CodeUserSigMalformed},
		{name: "usersig expired", sig: expired, code: restapi.CodeUserSigExpired},
		{name: "usersig made with another key", sig: otherKey, code: restapi.CodeUserSigKey},
		{name: "usersig carries a userbuf", sig: func(a *v4App, t *testing.T) string {
			sig, err := a.signer.SignToken(usersig.Token{UserID: "administrator", IssuedAt: a.srv.Now(), TTL: time.Hour, UserBuf: []byte("x")})
			require.NoError(t, err)
			return sig
		}, code: restapi.CodeUserSigKey},
		{name: "legacy ECDSA usersig on an app with no ECDSA key", sig: func(a *v4App, t *testing.T) string {
			legacy, err := a.srv.SeedApp(imtest.AppSeed{CreatedAt: time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)})
			require.NoError(t, err)
			secret, err := a.srv.Console().Apps.Secret(context.Background(), legacy.SDKAppID)
			require.NoError(t, err)
			signer, err := usersig.NewECDSASigner(a.id, []byte(secret.PrivateKey))
			require.NoError(t, err)
			return mint(t, signer, "administrator", a.srv.Now(), time.Hour)
		}, code: restapi.CodeUserSigKey},
		{name: "identifier is not the usersig's", set: url.Values{"identifier": {"ops"}}, code: restapi.CodeUserSigIdentifier},
		{name: "sdkappid is not the usersig's", sig: func(a *v4App, t *testing.T) string {
			other, err := a.srv.Console().Apps.Create(context.Background(), &apps.CreateRequest{AppName: "other", Region: apps.RegionChina})
			require.NoError(t, err)
			return mint(t, signerOf(t, a.srv, other.SDKAppID), "administrator", a.srv.Now(), time.Hour)
		}, code: restapi.CodeUserSigSDKAppID},
		{name: "identifier not an admin", as: "bob", code: restapi.CodeNeedAdmin},
		{name: "identifier not an admin, account_import", as: "bob", path: pathImport, body: `{"UserID":"carol"}`, code: restapi.CodeNeedAdminPrivate},
		{name: "app disabled", disabled: true, code: restapi.CodeAppDisabled},
		{name: "unknown command", path: "/v4/im_open_login_svc/account_nope", code: restapi.CodeUnknownCommand},
		{name: "unknown service", path: "/v4/nope/account_check", code: restapi.CodeUnknownCommand},
		{name: "body not JSON", body: `{"CheckItem":[`, code: restapi.CodeBadJSON},
		{name: "account not a string", body: `{"CheckItem":[{"UserID":42}]}`, code: restapi.CodeAccountType},
		{name: "member account not a string", path: "/v4/group_open_http_svc/create_group",
			body: `{"Type":"Public","Name":"g","MemberList":[{"Member_Account":7}]}`, code: restapi.CodeAccountType},
		// Order: authentication comes before routing and app status, so
		// a caller without the key learns nothing about the app.
		{name: "bad key on a disabled app", disabled: true, set: url.Values{"usersig": {"garbage"}}, code: restapi.CodeUserSigMalformed},
		{name: "bad key on an unknown command", path: "/v4/nope/nope", sig: otherKey, code: restapi.CodeUserSigKey},
		{name: "expired and for another identifier", set: url.Values{"identifier": {"ops"}}, sig: expired, code: restapi.CodeUserSigIdentifier},
		{name: "non-admin on a disabled app", as: "bob", disabled: true, code: restapi.CodeAppDisabled},
		{name: "non-admin with bad JSON", as: "bob", body: `{`, code: restapi.CodeNeedAdmin},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newV4App(t)
			as := cmp.Or(tc.as, "administrator")
			q := a.query(as, a.sig(t, as))
			if tc.disabled {
				require.NoError(t, a.srv.Console().Apps.Disable(context.Background(), a.id))
			}
			q.Del(tc.del)
			for k, v := range tc.set {
				q[k] = v
			}
			if tc.sig != nil {
				q.Set("usersig", tc.sig(a, t))
			}
			method, path, body := cmp.Or(tc.method, http.MethodPost), cmp.Or(tc.path, pathCheck), cmp.Or(tc.body, checkBody)
			status, env := v4Post(t, a.srv, method, path, q, body)
			assert.Equal(t, http.StatusOK, status, "the REST API answers 200 with an ErrorCode")
			assert.Equal(t, tc.code, env.ErrorCode, "ErrorInfo: %s", env.ErrorInfo)
			if tc.code == 0 {
				assert.Equal(t, "OK", env.ActionStatus)
			} else {
				assert.Equal(t, "FAIL", env.ActionStatus)
				assert.NotEmpty(t, env.ErrorInfo)
			}
		})
	}
}

// TestV4AppStatus: a paid app whose package expired is served for the 24
// hours it has to renew (im-facts: "renew within 24 hours after prepaid
// package expiry, else 停服"), then answers 60020 ("套餐包已到期并停用"),
// as a refunded one does at once; one in arrears is served during its
// grace period, then Disabled (60016, "SDKAppID 被禁用").
func TestV4AppStatus(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	expired, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro, Status: apps.StatusExpired})
	require.NoError(t, err)
	arrears, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro})
	require.NoError(t, err)
	require.NoError(t, srv.MarkArrears(arrears.SDKAppID))
	refunded, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionFlagship})
	require.NoError(t, err)
	require.NoError(t, srv.Refund(refunded.SDKAppID))

	call := func(id uint64) restapi.Envelope {
		a := &v4App{srv: srv, id: id, signer: signerOf(t, srv, id)}
		_, env := v4Post(t, srv, http.MethodPost, pathCheck, a.query("administrator", a.sig(t, "administrator")), checkBody)
		return env
	}
	assert.Equal(t, 0, call(expired.SDKAppID).ErrorCode, "an Expired app is served for the 24 hours it has to renew")
	assert.Equal(t, restapi.CodePackageExpired, call(refunded.SDKAppID).ErrorCode, "a refunded package disables the app at once")
	assert.Equal(t, 0, call(arrears.SDKAppID).ErrorCode, "an app in arrears is served during its grace period")
	srv.Advance(24 * time.Hour)
	assert.Equal(t, restapi.CodePackageExpired, call(expired.SDKAppID).ErrorCode, "24 hours after expiry the app is Disabled: its package ended")
	assert.Equal(t, 0, call(arrears.SDKAppID).ErrorCode, "arrears lasts 7 days")
	srv.Advance(6 * 24 * time.Hour)
	assert.Equal(t, restapi.CodeAppDisabled, call(arrears.SDKAppID).ErrorCode, "disabled in arrears, its package still running")
	require.NoError(t, srv.Renew(expired.SDKAppID))
	assert.Equal(t, 0, call(expired.SDKAppID).ErrorCode)
}

// TestV4RateLimits: per app and per command, in seconds of server time,
// at Tencent's default rates unless the server sets another.
func TestV4RateLimits(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	fixed := imtest.WithClock(func() time.Time { return start })
	cases := []struct {
		name    string
		opts    []imtest.Option
		path    string
		body    string
		allowed int // calls per second; 0: unlimited (tested up to 300)
	}{
		{"account_check default 100/s", nil, pathCheck, checkBody, 100},
		{"account_import default 200/s", nil, pathImport, `{"UserID":"alice"}`, 200},
		{"get_group_info default 200/s", nil, "/v4/group_open_http_svc/get_group_info", `{"GroupIdList":["g"]}`, 200},
		{"set per server", []imtest.Option{imtest.WithV4RateLimit(5)}, pathImport, `{"UserID":"alice"}`, 5},
		{"off", []imtest.Option{imtest.WithV4RateLimit(0)}, pathCheck, checkBody, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newV4App(t, append([]imtest.Option{fixed}, tc.opts...)...)
			q := a.query("administrator", a.sig(t, "administrator"))
			n := tc.allowed
			if n == 0 {
				n = 300
			}
			for i := range n {
				_, env := v4Post(t, a.srv, http.MethodPost, tc.path, q, tc.body)
				require.Equal(t, 0, env.ErrorCode, "call %d: %s", i+1, env.ErrorInfo)
			}
			if tc.allowed == 0 {
				return
			}
			_, env := v4Post(t, a.srv, http.MethodPost, tc.path, q, tc.body)
			assert.Equal(t, restapi.CodeRateLimit, env.ErrorCode)
			// Other commands and other apps have their own budgets.
			_, env = v4Post(t, a.srv, http.MethodPost, "/v4/group_open_http_svc/destroy_group", q, `{"GroupId":"none"}`)
			assert.Equal(t, restapi.CodeGroupNotFound, env.ErrorCode)
			// The next second starts afresh.
			a.srv.Advance(time.Second)
			_, env = v4Post(t, a.srv, http.MethodPost, tc.path, q, tc.body)
			assert.Equal(t, 0, env.ErrorCode)
		})
	}
}

// TestV4RecordsWithoutTheUserSig: REST API requests are recorded with
// their command and code, and the UserSig is redacted.
func TestV4RecordsWithoutTheUserSig(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	sig := a.sig(t, "administrator")
	v4Post(t, a.srv, http.MethodPost, pathCheck, a.query("administrator", sig), checkBody)
	v4Post(t, a.srv, http.MethodPost, pathCheck, a.query("bob", a.sig(t, "bob")), checkBody)

	recs := a.srv.RequestsFor("im_open_login_svc/account_check")
	require.Len(t, recs, 2)
	assert.Equal(t, "", recs[0].Code)
	assert.Equal(t, "60010", recs[1].Code)
	assert.Equal(t, http.StatusOK, recs[0].Status)
	assert.Equal(t, checkBody, string(recs[0].Body))
	assert.Contains(t, recs[0].Path, pathCheck+"?")
	assert.Contains(t, recs[0].Path, "usersig=REDACTED")
	assert.Contains(t, recs[0].Path, "identifier=administrator")
	for _, r := range a.srv.Requests() {
		assert.NotContains(t, r.Path, sig)
		assert.NotContains(t, r.Path, url.QueryEscape(sig))
	}
}

// TestV4Faults: injected faults apply to REST API commands by
// "service/command": numeric codes as an ErrorCode, others as HTTP errors.
func TestV4Faults(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	q := a.query("administrator", a.sig(t, "administrator"))
	a.srv.Inject(imtest.Fault{Action: "im_open_login_svc/account_check", Code: "60018"})
	_, env := v4Post(t, a.srv, http.MethodPost, pathCheck, q, checkBody)
	assert.Equal(t, 60018, env.ErrorCode)
	_, env = v4Post(t, a.srv, http.MethodPost, pathCheck, q, checkBody)
	assert.Equal(t, 0, env.ErrorCode, "the fault ran out")

	a.srv.Inject(imtest.Fault{Action: "im_open_login_svc/account_check", Code: "InternalError"})
	status, _ := v4Send(t, a.srv, http.MethodPost, pathCheck, q, checkBody)
	assert.Equal(t, http.StatusInternalServerError, status)
}

// TestV4Accounts covers the account commands' own rules.
func TestV4Accounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := imtest.NewServer(t)
	trial, err := srv.Console().Apps.Create(ctx, &apps.CreateRequest{AppName: "trial", Region: apps.RegionChina})
	require.NoError(t, err)
	pro, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro})
	require.NoError(t, err)
	client := func(id uint64) *restapi.Client { return adminClient(t, srv, id, signerOf(t, srv, id)) }
	hundred := make([]restapi.Account, 100)
	for i := range hundred {
		hundred[i].UserID = fmt.Sprintf("u%03d", i)
	}
	extra := []restapi.Account{{UserID: "u100"}, {UserID: "u000"}}

	t.Run("a trial app holds 100 accounts", func(t *testing.T) {
		c := client(trial.SDKAppID)
		_, err := c.Accounts.ImportMany(ctx, hundred)
		require.NoError(t, err)
		require.NoError(t, c.Accounts.Import(ctx, restapi.Account{UserID: "u000", Nick: "again"}), "re-importing is not a new account")
		_, err = c.Accounts.ImportMany(ctx, extra)
		assert.ErrorIs(t, err, restapi.ErrLimitExceeded)
		assert.True(t, restapi.HasCode(err, restapi.CodeAccountLimit), "%v", err)
		err = c.Accounts.Import(ctx, restapi.Account{UserID: "u100"})
		assert.True(t, restapi.HasCode(err, restapi.CodeAccountLimit), "%v", err)
		assert.Len(t, srv.ImportedAccounts(trial.SDKAppID), 100, "the failed import imported nothing")
		// Deleting makes room.
		_, err = c.Accounts.Delete(ctx, "u001")
		require.NoError(t, err)
		require.NoError(t, c.Accounts.Import(ctx, restapi.Account{UserID: "u100"}))
	})
	t.Run("a TRTC trial app, an IM trial app, holds 100 accounts too", func(t *testing.T) {
		trtc, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionTRTCTrial})
		require.NoError(t, err)
		c := client(trtc.SDKAppID)
		_, err = c.Accounts.ImportMany(ctx, append(hundred, extra...))
		assert.True(t, restapi.HasCode(err, restapi.CodeAccountLimit), "%v", err)
	})
	t.Run("a paid app has no such limit", func(t *testing.T) {
		c := client(pro.SDKAppID)
		_, err := c.Accounts.ImportMany(ctx, append(hundred, extra...))
		require.NoError(t, err)
		assert.Len(t, srv.ImportedAccounts(pro.SDKAppID), 101)
	})
}

// TestV4ImportAccountsSeeds: the seeding helper imports directly.
func TestV4ImportAccountsSeeds(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	require.NoError(t, a.srv.ImportAccounts(a.id, "alice", "bob"))
	assert.Equal(t, []string{"alice", "bob"}, a.srv.ImportedAccounts(a.id))
	require.Error(t, a.srv.ImportAccounts(a.id, ""))
	require.Error(t, a.srv.ImportAccounts(1499999999, "x"))
}

// TestV4Groups covers the group commands' own rules.
func TestV4Groups(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newV4App(t)
	rc := adminClient(t, a.srv, a.id, a.signer)
	require.NoError(t, a.srv.ImportAccounts(a.id, "alice", "bob"))

	_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "zed", Type: restapi.GroupPublic, Name: "g"})
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupAccountMissing), "an owner must be imported: %v", err)
	assert.ErrorIs(t, err, restapi.ErrAccountNotImported)
	_, err = rc.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g", MemberList: []restapi.GroupMember{{MemberAccount: "zed"}}})
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupAccountMissing), "members must be imported: %v", err)
	assert.Empty(t, a.srv.GroupIDs(a.id), "a refused create creates nothing")

	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{GroupID: "team-1", OwnerAccount: "alice", Type: restapi.GroupPrivate, Name: "team",
		MemberList: []restapi.GroupMember{{MemberAccount: "alice"}, {MemberAccount: "bob", Role: "Admin"}}})
	require.NoError(t, err)
	assert.Equal(t, "team-1", id, "a custom GroupId is kept")
	_, err = rc.Groups.Create(ctx, &restapi.CreateGroupRequest{GroupID: "team-1", Type: restapi.GroupPublic, Name: "again"})
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupIDInUse), "%v", err)

	live, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupAVChatRoom, Name: "live"})
	require.NoError(t, err)
	assert.Regexp(t, `^@TGS#a`, live)
	community, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club", SupportTopic: 1})
	require.NoError(t, err)
	assert.Equal(t, "@TGS#_club", community)

	infos, err := rc.Groups.Get(ctx, id, "nope", live)
	require.NoError(t, err)
	require.Len(t, infos, 3)
	assert.Equal(t, "alice", infos[0].OwnerAccount)
	assert.Equal(t, 2, infos[0].MemberNum, "the owner listed as a member is not counted twice")
	assert.Equal(t, restapi.JoinDisableApply, infos[0].ApplyJoinOption)
	assert.Equal(t, []restapi.GroupMemberInfo{
		{MemberAccount: "alice", Role: "Owner", JoinTime: infos[0].CreateTime},
		{MemberAccount: "bob", Role: "Admin", JoinTime: infos[0].CreateTime},
	}, infos[0].MemberList)
	assert.Equal(t, "nope", infos[1].GroupID)
	assert.Equal(t, restapi.CodeGroupNotFound, infos[1].ErrorCode)
	assert.Equal(t, restapi.GroupAVChatRoom, infos[2].Type)
	assert.Zero(t, infos[2].MemberNum)

	// Deleting an account takes it out of its groups.
	_, err = rc.Accounts.Delete(ctx, "alice")
	require.NoError(t, err)
	infos, err = rc.Groups.Get(ctx, id)
	require.NoError(t, err)
	assert.Empty(t, infos[0].OwnerAccount)
	assert.Equal(t, 1, infos[0].MemberNum)

	require.NoError(t, rc.Groups.Destroy(ctx, id))
	assert.ErrorIs(t, rc.Groups.Destroy(ctx, id), restapi.ErrGroupNotFound)
	assert.Equal(t, []string{"@TGS#_club", live}, a.srv.GroupIDs(a.id))
}

// TestV4RequestSizeLimits: the server refuses more than 100 accounts or 50
// groups in one request, as the client's helpers never send.
func TestV4RequestSizeLimits(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	q := a.query("administrator", a.sig(t, "administrator"))
	items := make([]string, 101)
	for i := range items {
		items[i] = fmt.Sprintf(`{"UserID":"u%d"}`, i)
	}
	list := strings.Join(items, ",")
	for path, body := range map[string]string{
		"/v4/im_open_login_svc/multiaccount_import": `{"AccountList":[` + list + `]}`,
		pathCheck:                              `{"CheckItem":[` + list + `]}`,
		"/v4/im_open_login_svc/account_delete": `{"DeleteItem":[` + list + `]}`,
	} {
		_, env := v4Post(t, a.srv, http.MethodPost, path, q, body)
		assert.Equal(t, restapi.CodeInvalidBatchCount, env.ErrorCode, path)
	}
	ids := make([]string, 51)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprint("g", i))
	}
	_, env := v4Post(t, a.srv, http.MethodPost, "/v4/group_open_http_svc/get_group_info", q, `{"GroupIdList":[`+strings.Join(ids, ",")+`]}`)
	assert.Equal(t, restapi.CodeGroupInvalidParam, env.ErrorCode)
	assert.Empty(t, a.srv.ImportedAccounts(a.id))
}

// TestV4RedactsAnEscapedUserSigKey: a usersig parameter whose name is
// percent-encoded is still redacted from the record.
func TestV4RedactsAnEscapedUserSigKey(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	sig := a.sig(t, "administrator")
	raw := fmt.Sprintf("sdkappid=%d&identifier=administrator&user%%73ig=%s&random=1&contenttype=json", a.id, url.QueryEscape(sig))
	resp, err := http.Post(a.srv.URL()+pathCheck+"?"+raw, "application/json", strings.NewReader(checkBody))
	require.NoError(t, err)
	resp.Body.Close()
	recs := a.srv.RequestsFor("im_open_login_svc/account_check")
	require.Len(t, recs, 1)
	assert.Equal(t, "", recs[0].Code, "Go's query parser decodes the key, so the request is served")
	assert.NotContains(t, recs[0].Path, url.QueryEscape(sig))
	assert.Contains(t, recs[0].Path, "usersig=REDACTED")
}

// TestV4RecordsNoUserSigHoweverWritten: a UserSig in a query the server
// refuses is not recorded either, however the query spells it: a key in
// another case, after a ';' (which Go's query parser refuses), or escaped
// inside another parameter's value.
func TestV4RecordsNoUserSigHoweverWritten(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	sig := a.sig(t, "administrator")
	for _, raw := range []string{
		fmt.Sprintf("sdkappid=%d&identifier=administrator&UserSig=%s&random=1&contenttype=json", a.id, url.QueryEscape(sig)),
		fmt.Sprintf("sdkappid=%d&identifier=administrator;usersig=%s&random=1&contenttype=json", a.id, url.QueryEscape(sig)),
		fmt.Sprintf("sdkappid=%d&identifier=%s&random=1&contenttype=json", a.id, url.QueryEscape("x&usersig="+sig)),
	} {
		resp, err := http.Post(a.srv.URL()+pathCheck+"?"+raw, "application/json", strings.NewReader(checkBody))
		require.NoError(t, err)
		resp.Body.Close()
	}
	recs := a.srv.RequestsFor("im_open_login_svc/account_check")
	require.Len(t, recs, 3)
	for _, r := range recs {
		assert.NotEmpty(t, r.Code, "refused")
		assert.NotContains(t, r.Path, url.QueryEscape(sig))
		assert.NotContains(t, r.Path, sig)
		assert.Contains(t, r.Path, "usersig=REDACTED")
	}
}

// TestV4KeyChangesRacingRequests: a UserSig is checked without the
// server's lock, so key changes and deletions race the requests being
// checked; each request is answered as if it came just before or just
// after the change, never otherwise (and -race finds no race). An ECDSA
// UserSig issued before the upgrade to HMAC-SHA256 is accepted before and
// after it; requests to a Disabled app being deleted are answered 60016
// (Disabled) or 70020 (no such app), and 70020 once it is gone.
func TestV4KeyChangesRacingRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name   string
		seed   imtest.AppSeed
		sigAt  time.Duration // when the UserSig was issued, from now
		change func(console *apps.Service, id uint64) error
		during []int // the codes answered while the change races
		after  int   // the code answered once it is done
	}{
		{
			name: "upgrade to HMAC-SHA256", seed: imtest.AppSeed{CreatedAt: time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)}, sigAt: -time.Second,
			change: func(console *apps.Service, id uint64) error {
				_, err := console.UpgradeSignatureAlgorithm(ctx, id)
				return err
			},
			during: []int{0}, after: 0,
		},
		{
			name: "deletion", seed: imtest.AppSeed{Status: apps.StatusDisabled},
			change: func(console *apps.Service, id uint64) error { return console.Delete(ctx, id) },
			during: []int{restapi.CodeAppDisabled, restapi.CodeAppNotFound}, after: restapi.CodeAppNotFound,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := fixedServer(t, imtest.WithV4RateLimit(0))
			app, err := srv.SeedApp(tc.seed)
			require.NoError(t, err)
			a := &v4App{srv: srv, id: app.SDKAppID, signer: signerOf(t, srv, app.SDKAppID)}
			q := a.query("administrator", mint(t, a.signer, "administrator", srv.Now().Add(tc.sigAt), time.Hour))
			var wg sync.WaitGroup
			errs := make(chan error, 200)
			stop := make(chan struct{})
			for range 2 {
				wg.Go(func() {
					repeat(stop, func() bool {
						err := v4Answered(srv, pathCheck, q, checkBody, tc.during...)
						if err != nil {
							errs <- err
						}
						return err == nil
					})
				})
			}
			require.NoError(t, tc.change(srv.Console().Apps, app.SDKAppID))
			close(stop)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			assert.NoError(t, v4Answered(srv, pathCheck, q, checkBody, tc.after))
		})
	}
}

// TestV4ErrorDisplay: facts B0, "Profile/SNS answers also carry
// ErrorDisplay (client-display text)": every answer of the profile and
// sns services' commands has it, failures included (a caller that is not
// an admin, a failure inside); other services' answers (the B0 sample
// failure of openim) do not.
func TestV4ErrorDisplay(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	require.NoError(t, a.srv.ImportAccounts(a.id, "alice", "bob"))
	q := a.query("administrator", a.sig(t, "administrator"))
	notAdmin := a.query("alice", a.sig(t, "alice"))
	a.srv.Inject(imtest.Fault{Action: "sns/friend_delete", Code: "30006"})
	for _, tc := range []struct {
		name, path, body string
		code             int
		display          bool
		query            url.Values // q when nil
	}{
		{"friend_get by an account that is not an admin", "/v4/sns/friend_get", `{"From_Account":"alice","StartIndex":0}`, 30004, true, notAdmin},
		{"friend_delete failing inside (an injected 30006)", "/v4/sns/friend_delete", `{"From_Account":"alice","To_Account":["bob"]}`, 30006, true, nil},
		{"portrait_set", "/v4/profile/portrait_set", `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"A"}]}`, 0, true, nil},
		{"portrait_get of an undeclared custom tag", "/v4/profile/portrait_get", `{"To_Account":["alice"],"TagList":["Tag_Profile_Custom_Nope"]}`, 40009, true, nil},
		{"friend_get", "/v4/sns/friend_get", `{"From_Account":"alice","StartIndex":0}`, 0, true, nil},
		{"friend_add of an unknown account", "/v4/sns/friend_add", `{"From_Account":"nobody","AddFriendItem":[{"To_Account":"bob","AddSource":"AddSource_Type_Test"}]}`, 30003, true, nil},
		{"account_check", pathCheck, checkBody, 0, false, nil},
		{"sendmsg without From_Account's account", "/v4/openim/sendmsg", `{"To_Account":"","MsgRandom":1,"MsgBody":[]}`, 90003, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, raw := v4Send(t, a.srv, http.MethodPost, tc.path, queryOr(tc.query, q), tc.body)
			require.Equal(t, http.StatusOK, status)
			var answer map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(raw, &answer), "%s", raw)
			assert.JSONEq(t, fmt.Sprint(tc.code), string(answer["ErrorCode"]), "%s", raw)
			display, ok := answer["ErrorDisplay"]
			assert.Equal(t, tc.display, ok, "%s", raw)
			if ok {
				assert.JSONEq(t, `""`, string(display))
			}
		})
	}
}

// queryOr is v, or else def when v is nil.
func queryOr(v, def url.Values) url.Values {
	if v == nil {
		return def
	}
	return v
}

// TestReimportKeepsTheProfile: importing an account that exists updates
// the Nick and FaceUrl given (im-facts: "Existing accounts get updated with
// new Nick/FaceUrl") and keeps the ones left out, here a Nick portrait_set
// wrote.
func TestReimportKeepsTheProfile(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, _ := restClient(t, srv, nil)
	ctx := context.Background()
	nickAndFace := func() []restapi.ProfileItem {
		t.Helper()
		p, err := rc.Profiles.Get(ctx, []string{"alice"}, []string{restapi.TagNick, restapi.TagImage})
		require.NoError(t, err)
		require.Len(t, p, 1)
		return p[0].ProfileItem
	}
	require.NoError(t, rc.Accounts.Import(ctx, restapi.Account{UserID: "alice", FaceURL: "https://example.com/a.png"}))
	require.NoError(t, rc.Profiles.Set(ctx, "alice", restapi.ProfileItem{Tag: restapi.TagNick, Value: "Alice"}))
	require.NoError(t, rc.Accounts.Import(ctx, restapi.Account{UserID: "alice"}))
	assert.ElementsMatch(t, []restapi.ProfileItem{{Tag: restapi.TagNick, Value: "Alice"}, {Tag: restapi.TagImage, Value: "https://example.com/a.png"}}, nickAndFace())
	_, err := rc.Accounts.ImportMany(ctx, []restapi.Account{{UserID: "alice", Nick: "A."}})
	require.NoError(t, err)
	assert.ElementsMatch(t, []restapi.ProfileItem{{Tag: restapi.TagNick, Value: "A."}, {Tag: restapi.TagImage, Value: "https://example.com/a.png"}}, nickAndFace())
}
