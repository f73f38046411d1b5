package restapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// records collects slog records.
type records struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	msgs []string
}

func (r *records) logger() *slog.Logger {
	return slog.New(&recordHandler{r: r, h: slog.NewTextHandler(&lockedWriter{r}, &slog.HandlerOptions{Level: slog.LevelDebug})})
}

func (r *records) count(msg string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, m := range r.msgs {
		if m == msg {
			n++
		}
	}
	return n
}

func (r *records) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

type lockedWriter struct{ r *records }

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.r.mu.Lock()
	defer w.r.mu.Unlock()
	return w.r.buf.Write(p)
}

type recordHandler struct {
	r *records
	h slog.Handler
}

func (h *recordHandler) Enabled(ctx context.Context, l slog.Level) bool { return true }
func (h *recordHandler) Handle(ctx context.Context, rec slog.Record) error {
	h.r.mu.Lock()
	h.r.msgs = append(h.r.msgs, rec.Message)
	h.r.mu.Unlock()
	return h.h.Handle(ctx, rec)
}
func (h *recordHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &recordHandler{r: h.r, h: h.h.WithAttrs(as)}
}
func (h *recordHandler) WithGroup(name string) slog.Handler {
	return &recordHandler{r: h.r, h: h.h.WithGroup(name)}
}

const minted = "restapi: admin UserSig minted"

func TestNewRefusesBadInput(t *testing.T) {
	t.Parallel()
	signer, err := usersig.NewHMACSigner(1400000001, "k")
	require.NoError(t, err)
	cases := []struct {
		name   string
		id     uint64
		admin  string
		signer *usersig.Signer
		opts   []restapi.Option
		want   string
	}{
		{"nil signer", 1400000001, "administrator", nil, nil, "needs a *usersig.Signer"},
		{"signer of another app", 1400000002, "administrator", signer, nil, "signer is for SDKAppID 1400000001"},
		{"empty admin", 1400000001, "", signer, nil, `adminUserID is empty; it is required: pass an app admin's UserID, such as "administrator" (admins.DefaultAdmin`},
		{"admin too long", 1400000001, strings.Repeat("a", 33), signer, nil, "at most 32 bytes"},
		{"admin not ASCII", 1400000001, "管理员", signer, nil, "printable ASCII"},
		{"unknown region", 1400000001, "administrator", signer, []restapi.Option{restapi.WithRegion("mars")}, "unknown region"},
		{"region by its old short name", 1400000001, "administrator", signer, []restapi.Option{restapi.WithRegion("singapore")}, `unknown region "singapore"; use one of ap-guangzhou, ap-singapore, `},
		{"base URL not http", 1400000001, "administrator", signer, []restapi.Option{restapi.WithBaseURL("ftp://x")}, "not an http(s) URL"},
		{"base URL with query", 1400000001, "administrator", signer, []restapi.Option{restapi.WithBaseURL("https://x/?a=b")}, "not an http(s) URL"},
		{"base URL with a user", 1400000001, "administrator", signer, []restapi.Option{restapi.WithBaseURL("https://ops:pw@x/")}, "names a user, which no request would carry"},
		{"TTL too short", 1400000001, "administrator", signer, []restapi.Option{restapi.WithUserSigTTL(time.Second)}, "at least a minute"},
		{"TTL not whole seconds", 1400000001, "administrator", signer, []restapi.Option{restapi.WithUserSigTTL(90*time.Second + time.Millisecond)}, "whole number of seconds"},
		{"nil clock", 1400000001, "administrator", signer, []restapi.Option{restapi.WithClock(nil)}, "non-nil"},
		{"nil HTTP client", 1400000001, "administrator", signer, []restapi.Option{restapi.WithHTTPClient(nil)}, "non-nil"},
		{"bad retry", 1400000001, "administrator", signer, []restapi.Option{restapi.WithRetry(-1, 0, 0)}, "max >= 0"},
		{"no idle connections", 1400000001, "administrator", signer, []restapi.Option{restapi.WithMaxIdleConnsPerHost(0)}, "at least 1"},
		{"pool size for your own client", 1400000001, "administrator", signer, []restapi.Option{restapi.WithHTTPClient(&http.Client{}), restapi.WithMaxIdleConnsPerHost(8)}, "set MaxIdleConnsPerHost on your client's *http.Transport"},
		{"your own client after a pool size", 1400000001, "administrator", signer, []restapi.Option{restapi.WithMaxIdleConnsPerHost(8), restapi.WithHTTPClient(&http.Client{})}, "restapi: WithMaxIdleConnsPerHost sizes the default HTTP client"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := restapi.New(tc.id, tc.admin, tc.signer, tc.opts...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestBaseURLSecretsAreNotShown: New's error about a base URL it refuses
// shows neither the password nor the query value a gateway URL may carry.
func TestBaseURLSecretsAreNotShown(t *testing.T) {
	t.Parallel()
	signer, err := usersig.NewHMACSigner(1400000001, "k")
	require.NoError(t, err)
	const password, token = "hunter2-password", "s3cr3t-access-token"
	for _, base := range []string{
		"https://im.example.com/?access_token=" + token,
		"https://ops:" + password + "@im.example.com/",
		"ftp://ops:" + password + "@im.example.com/?access_token=" + token,
		"https://ops:" + password + "@im.example.com:bad/", // unparsable: the parser's error would quote it
	} {
		_, err := restapi.New(1400000001, "administrator", signer, restapi.WithBaseURL(base))
		require.Error(t, err, base)
		assert.NotContains(t, err.Error(), token)
		assert.NotContains(t, err.Error(), password)
		assert.Contains(t, err.Error(), "im.example.com", "the error still says which URL")
	}
}

func TestRegions(t *testing.T) {
	t.Parallel()
	signer, err := usersig.NewHMACSigner(1400000001, "k")
	require.NoError(t, err)
	c, err := restapi.New(1400000001, "administrator", signer)
	require.NoError(t, err)
	assert.Equal(t, "https://console.tim.qq.com", c.BaseURL(), "China is the default")
	assert.Equal(t, uint64(1400000001), c.SDKAppID())

	hosts := map[restapi.Region]string{
		restapi.China: "console.tim.qq.com", restapi.Singapore: "adminapisgp.im.qcloud.com",
		restapi.Seoul: "adminapikr.im.qcloud.com", restapi.Frankfurt: "adminapiger.im.qcloud.com",
		restapi.Mumbai: "adminapiind.im.qcloud.com", restapi.SiliconValley: "adminapiusa.im.qcloud.com",
		restapi.Jakarta: "adminapiidn.im.qcloud.com", restapi.Tokyo: "adminapijpn.im.qcloud.com",
	}
	require.Len(t, restapi.Regions(), len(hosts))
	for _, r := range restapi.Regions() {
		c, err := restapi.New(1400000001, "administrator", signer, restapi.WithRegion(r))
		require.NoError(t, err)
		assert.Equal(t, "https://"+hosts[r], c.BaseURL(), r)
	}
	assert.Equal(t, "adminapisgp.my-imcloud.com", restapi.Singapore.BackupHost())
	assert.Empty(t, restapi.Tokyo.BackupHost(), "none documented")
	// An app's data center is a restapi.Region: the same type and values.
	assert.Equal(t, apps.Regions(), restapi.Regions())
	for _, dc := range apps.Regions() {
		c, err := restapi.New(1400000001, "administrator", signer, restapi.WithRegion(dc))
		require.NoError(t, err, dc)
		assert.Equal(t, "https://"+dc.Host(), c.BaseURL(), dc)
	}
	assert.Equal(t, apps.RegionFrankfurt, restapi.Frankfurt)
	assert.Equal(t, restapi.Region("ap-singapore"), restapi.Singapore)

	c, err = restapi.New(1400000001, "administrator", signer, restapi.WithBaseURL("http://127.0.0.1:9/im/"))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9/im", c.BaseURL())
}

// TestRegionAndBaseURLConflict: WithRegion and WithBaseURL together fail
// New in either order, so a test that adds WithRegion(app.Region) after
// its imtest base URL cannot send admin-signed requests to Tencent.
func TestRegionAndBaseURLConflict(t *testing.T) {
	t.Parallel()
	signer, err := usersig.NewHMACSigner(1400000001, "k")
	require.NoError(t, err)
	base, region := restapi.WithBaseURL("http://127.0.0.1:9"), restapi.WithRegion(restapi.Singapore)
	for name, opts := range map[string][]restapi.Option{
		"region last":       {base, region},
		"base URL last":     {region, base},
		"the default named": {restapi.WithRegion(restapi.China), base},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, err := restapi.New(1400000001, "administrator", signer, opts...)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Equal(t, "restapi: WithRegion and WithBaseURL both say where to send: keep WithBaseURL for imtest, a proxy or a BackupHost, WithRegion for Tencent's host of the app's data center", err.Error())
		})
	}
}

// TestBaseURLPathPrefix: a base URL's path is kept before /v4/.
func TestBaseURLPathPrefix(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	mux := http.NewServeMux()
	mux.Handle("/im/", http.StripPrefix("/im", f.srv.Handler()))
	proxy := httptest.NewServer(mux)
	t.Cleanup(proxy.Close)
	c := f.client(t, restapi.WithBaseURL(proxy.URL+"/im/"))
	_, err := c.Accounts.Check(t.Context(), "alice")
	require.NoError(t, err)
}

// TestWireFormat: the request is Tencent's: POST /v4/service/command with
// sdkappid, identifier, usersig, a fresh random and contenttype=json.
func TestWireFormat(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	for range 3 {
		_, err := f.rc.Accounts.Check(ctx, "alice")
		require.NoError(t, err)
	}
	recs := f.srv.RequestsFor("im_open_login_svc/account_check")
	require.Len(t, recs, 3)
	randoms := map[string]bool{}
	for _, r := range recs {
		u, err := url.Parse(r.Path)
		require.NoError(t, err)
		assert.Equal(t, "/v4/im_open_login_svc/account_check", u.Path)
		q := u.Query()
		assert.Equal(t, fmt.Sprint(f.id), q.Get("sdkappid"))
		assert.Equal(t, "administrator", q.Get("identifier"))
		assert.Equal(t, "json", q.Get("contenttype"))
		assert.Equal(t, "REDACTED", q.Get("usersig"))
		randoms[q.Get("random")] = true
		assert.JSONEq(t, `{"CheckItem":[{"UserID":"alice"}]}`, string(r.Body))
	}
	assert.Len(t, randoms, 3, "random is fresh for every request")
}

// TestCallAnyCommand: Call reaches any command, typed or raw (a
// json.RawMessage or a []byte of JSON, sent as they are).
func TestCallAnyCommand(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	var resp struct {
		restapi.Envelope
		ResultItem []map[string]any
	}
	for _, body := range []any{json.RawMessage(`{"CheckItem":[{"UserID":"x"}]}`), []byte(`{"CheckItem":[{"UserID":"x"}]}`)} {
		require.NoError(t, f.rc.Call(ctx, "im_open_login_svc", "account_check", body, &resp), "%T", body)
		assert.Equal(t, "OK", resp.ActionStatus)
		assert.Equal(t, "NotImported", resp.ResultItem[0]["AccountStatus"])
	}
	require.Error(t, f.rc.Call(ctx, "im_open_login_svc", "account_check", []byte(`{"CheckItem":`), nil), "a []byte that is not JSON")

	err := f.rc.Call(ctx, "im_open_login_svc", "no_such_command", nil, nil)
	var apiErr *restapi.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, restapi.Error{Service: "im_open_login_svc", Command: "no_such_command", Code: restapi.CodeUnknownCommand, Info: apiErr.Info}, *apiErr)
	assert.ErrorIs(t, err, restapi.ErrInvalidRequest)

	err = f.rc.Call(ctx, "../apps", "x", nil, nil)
	require.Error(t, err)
	assert.False(t, slices.ContainsFunc(f.srv.Requests(), func(r imtest.RecordedRequest) bool { return strings.Contains(r.Path, "apps") }), "nothing was sent")
	//lint:ignore SA1012 a nil context is what this checks is refused
	require.Error(t, f.rc.Call(nil, "a", "b", nil, nil))
	require.Error(t, f.rc.Call(ctx, "a", "b", func() {}, nil), "an unencodable request")
}

// TestValidationMatchesServer: the client refuses a bad request before
// sending it, with the code and Info the server answers for it.
func TestValidationMatchesServer(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 31)
	cases := []struct {
		name     string
		service  string
		command  string
		req      any
		viaHelpr func(c *restapi.Client) error
		code     int
	}{
		{"import: empty UserID", restapi.ServiceLogin, restapi.CommandAccountImport, restapi.Account{},
			func(c *restapi.Client) error { return c.Accounts.Import(t.Context(), restapi.Account{}) }, restapi.CodeInvalidParameter},
		{"import: UserID too long", restapi.ServiceLogin, restapi.CommandAccountImport, restapi.Account{UserID: strings.Repeat("u", 33)},
			func(c *restapi.Client) error {
				return c.Accounts.Import(t.Context(), restapi.Account{UserID: strings.Repeat("u", 33)})
			}, restapi.CodeInvalidParameter},
		{"import: Nick too long", restapi.ServiceLogin, restapi.CommandAccountImport, restapi.Account{UserID: "a", Nick: strings.Repeat("n", 501)},
			func(c *restapi.Client) error {
				return c.Accounts.Import(t.Context(), restapi.Account{UserID: "a", Nick: strings.Repeat("n", 501)})
			}, restapi.CodeProfileValueTooLong},
		{"multi import: bad item", restapi.ServiceLogin, restapi.CommandMultiAccountImport,
			restapi.MultiAccountImportRequest{AccountList: []restapi.Account{{UserID: "ok"}, {UserID: "bad\n"}}},
			func(c *restapi.Client) error {
				_, err := c.Accounts.ImportMany(t.Context(), []restapi.Account{{UserID: "ok"}, {UserID: "bad\n"}})
				return err
			}, restapi.CodeInvalidParameter},
		{"check: empty UserID", restapi.ServiceLogin, restapi.CommandAccountCheck,
			restapi.AccountCheckRequest{CheckItem: []restapi.UserItem{{UserID: ""}}},
			func(c *restapi.Client) error { _, err := c.Accounts.Check(t.Context(), ""); return err }, restapi.CodeInvalidParameter},
		{"delete: empty UserID", restapi.ServiceLogin, restapi.CommandAccountDelete,
			restapi.AccountDeleteRequest{DeleteItem: []restapi.UserItem{{UserID: ""}}},
			func(c *restapi.Client) error { _, err := c.Accounts.Delete(t.Context(), ""); return err }, restapi.CodeInvalidParameter},
		{"create group: no type", restapi.ServiceGroup, restapi.CommandCreateGroup, restapi.CreateGroupRequest{Name: "n"},
			func(c *restapi.Client) error {
				_, err := c.Groups.Create(t.Context(), &restapi.CreateGroupRequest{Name: "n"})
				return err
			}, restapi.CodeGroupInvalidParam},
		{"create group: name too long", restapi.ServiceGroup, restapi.CommandCreateGroup, restapi.CreateGroupRequest{Type: "Public", Name: long},
			func(c *restapi.Client) error {
				_, err := c.Groups.Create(t.Context(), &restapi.CreateGroupRequest{Type: "Public", Name: long})
				return err
			}, restapi.CodeGroupInvalidParam},
		{"create group: members of an AVChatRoom", restapi.ServiceGroup, restapi.CommandCreateGroup,
			restapi.CreateGroupRequest{Type: "AVChatRoom", Name: "live", MemberList: []restapi.GroupMember{{MemberAccount: "a"}}},
			func(c *restapi.Client) error {
				_, err := c.Groups.Create(t.Context(), &restapi.CreateGroupRequest{Type: "AVChatRoom", Name: "live", MemberList: []restapi.GroupMember{{MemberAccount: "a"}}})
				return err
			}, restapi.CodeGroupNoPermission},
		{"create group: reserved GroupId prefix", restapi.ServiceGroup, restapi.CommandCreateGroup,
			restapi.CreateGroupRequest{Type: "Public", Name: "n", GroupID: "@TGS#mine"},
			func(c *restapi.Client) error {
				_, err := c.Groups.Create(t.Context(), &restapi.CreateGroupRequest{Type: "Public", Name: "n", GroupID: "@TGS#mine"})
				return err
			}, restapi.CodeGroupIDInvalid},
		{"create group: bad role", restapi.ServiceGroup, restapi.CommandCreateGroup,
			restapi.CreateGroupRequest{Type: "Public", Name: "n", MemberList: []restapi.GroupMember{{MemberAccount: "a", Role: "Owner"}}},
			func(c *restapi.Client) error {
				_, err := c.Groups.Create(t.Context(), &restapi.CreateGroupRequest{Type: "Public", Name: "n", MemberList: []restapi.GroupMember{{MemberAccount: "a", Role: "Owner"}}})
				return err
			}, restapi.CodeGroupInvalidParam},
		{"destroy group: no GroupId", restapi.ServiceGroup, restapi.CommandDestroyGroup, restapi.DestroyGroupRequest{},
			func(c *restapi.Client) error { return c.Groups.Destroy(t.Context(), "") }, restapi.CodeGroupInvalidParam},
		{"group info: empty GroupId", restapi.ServiceGroup, restapi.CommandGetGroupInfo, restapi.GetGroupInfoRequest{GroupIDList: []string{""}},
			func(c *restapi.Client) error { _, err := c.Groups.Get(t.Context(), ""); return err }, restapi.CodeGroupInvalidParam},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			local := tc.viaHelpr(f.rc)
			var le *restapi.Error
			require.ErrorAs(t, local, &le)
			assert.Equal(t, tc.code, le.Code)
			assert.Equal(t, tc.command, le.Command)
			assert.Empty(t, f.srv.RequestsFor(tc.service+"/"+tc.command), "refused before sending")

			// The raw request, sent through Call, gets the same answer from the server.
			remote := f.rc.Call(t.Context(), tc.service, tc.command, tc.req, nil)
			var re *restapi.Error
			require.ErrorAs(t, remote, &re)
			assert.Equal(t, *le, *re)
			assert.Len(t, f.srv.RequestsFor(tc.service+"/"+tc.command), 1)
		})
	}
}

// TestErrorFamilies: every code each sentinel's doc comment lists
// (docFamilies, which FuzzResponse checks against too) matches that
// sentinel and no other, and a code none lists (20006) matches none.
func TestErrorFamilies(t *testing.T) {
	t.Parallel()
	codes := []int{20006} // refused by a callback: no family
	for _, fam := range docFamilies() {
		codes = append(codes, fam.codes...)
	}
	for _, code := range codes {
		var err error = &restapi.Error{Service: "s", Command: "c", Code: code, Info: "i"}
		err = fmt.Errorf("wrapped: %w", err)
		for _, fam := range docFamilies() {
			assert.Equal(t, slices.Contains(fam.codes, code), errors.Is(err, fam.sentinel), "%d is %v", code, fam.sentinel)
		}
		assert.True(t, restapi.HasCode(err, code))
	}
	e := &restapi.Error{Service: "im_open_login_svc", Command: "account_import", Code: 70403, Info: "need admin"}
	assert.Equal(t, "restapi: im_open_login_svc/account_import: 70403: need admin; hint: make the identifier an app admin (App Admin in Tencent's IM web console, or admins.Add on a console-protocol server)", e.Error())
	assert.False(t, restapi.HasCode(errors.New("x"), 70403))
}

// TestErrorHints: the advice for a common code follows the ErrorInfo as
// "; hint: ...", whether the ErrorInfo is Tencent's terse text or already
// advises, and never nests in its parentheses.
func TestErrorHints(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		e    restapi.Error
		want string
	}{
		{"terse info", restapi.Error{Service: "openim", Command: "sendmsg", Code: 90012, Info: "To_Account invalid"},
			"restapi: openim/sendmsg: 90012: To_Account invalid; hint: import the recipient first (Accounts.Import)"},
		{"info that advises", restapi.Error{Service: "openim", Command: "sendmsg", Code: 90012, Info: `To_Account "nobody" is not imported; import it first (account_import)`},
			`restapi: openim/sendmsg: 90012: To_Account "nobody" is not imported; import it first (account_import); hint: import the recipient first (Accounts.Import)`},
		{"no info", restapi.Error{Service: "im_open_login_svc", Command: "account_check", Code: 70001},
			"restapi: im_open_login_svc/account_check: 70001; hint: sync this host's clock with the server's, or lengthen WithUserSigTTL"},
		{"group account not imported", restapi.Error{Service: "group_open_http_svc", Command: "create_group", Code: 10019, Info: "Err_Account_Not_Exist"},
			"restapi: group_open_http_svc/create_group: 10019: Err_Account_Not_Exist; hint: import the account first (Accounts.Import)"},
		{"group not found", restapi.Error{Service: "group_open_http_svc", Command: "destroy_group", Code: 10010},
			"restapi: group_open_http_svc/destroy_group: 10010; hint: check the GroupID (Groups.Get)"},
		{"refused by the C2C callback", restapi.Error{Service: "openim", Command: "sendmsg", Code: 20006, Info: "spam"},
			"restapi: openim/sendmsg: 20006: spam; hint: see why the app's callback server (C2C.CallbackBeforeSendMsg) refused it"},
		{"refused by a group callback", restapi.Error{Service: "group_open_http_svc", Command: "send_group_msg", Code: 10016},
			"restapi: group_open_http_svc/send_group_msg: 10016; hint: see why the app's callback server (Group.CallbackBeforeSendMsg or CallbackBeforeCreateGroup) refused it"},
		{"rate limited after retries", restapi.Error{Service: "openim", Command: "sendmsg", Code: 60007},
			"restapi: openim/sendmsg: 60007; hint: lower the rate (WithRateLimit; the client already retried) or raise the app's limit in the console; a Trial app's daily message quota is also 60007: upgrade the app or wait for the next UTC day"},
		{"UserSig failures throttled", restapi.Error{Service: "openim", Command: "sendmsg", Code: 70050},
			"restapi: openim/sendmsg: 70050; hint: too many failed UserSig checks: fix the key or identifier, then wait a minute before calling again"},
		{"no hint", restapi.Error{Service: "openim", Command: "sendmsg", Code: 70500, Info: "internal error"},
			"restapi: openim/sendmsg: 70500: internal error"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.e.Error(), tc.name)
	}

	f := newFixture(t, "alice")
	_, err := f.rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "nobody", MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.ErrorIs(t, err, restapi.ErrAccountNotImported)
	assert.True(t, strings.HasSuffix(err.Error(), "; hint: import the recipient first (Accounts.Import)"), err.Error())
}

// TestErrorHintsSaidOnce: against imtest, whose ErrorInfo states the
// failure tersely as Tencent's does, the advice for a common code is said
// once, by the hint: no ErrorInfo gives a remedy (after "; ", or the
// hint's own first words) before "; hint: ...".
func TestErrorHintsSaidOnce(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	ctx := t.Context()
	wrongKey, err := usersig.NewHMACSigner(f.id, "not-the-app-key")
	require.NoError(t, err)
	legacy, err := f.srv.SeedApp(imtest.AppSeed{CreatedAt: time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)}) // ECDSA-only
	require.NoError(t, err)
	hmacForLegacy, err := usersig.NewHMACSigner(legacy.SDKAppID, "0123456789abcdef0123456789abcdef")
	require.NoError(t, err)
	on := func(sdkAppID uint64, identifier string, signer *usersig.Signer) *restapi.Client {
		c, err := restapi.New(sdkAppID, identifier, signer, restapi.WithBaseURL(f.srv.URL()), restapi.WithClock(f.srv.Now), restapi.WithoutRetries())
		require.NoError(t, err)
		return c
	}
	as := func(identifier string, signer *usersig.Signer) *restapi.Client { return on(f.id, identifier, signer) }
	seeded := func(seed imtest.AppSeed) *restapi.Client { // a client of a new app seeded so
		app, err := f.srv.SeedApp(seed)
		require.NoError(t, err)
		secret, err := f.srv.Console().Apps.Secret(ctx, app.SDKAppID)
		require.NoError(t, err)
		signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
		require.NoError(t, err)
		return on(app.SDKAppID, "administrator", signer)
	}
	past := f.srv.Now().Add(-48 * time.Hour)
	cases := []struct {
		name string
		call func() error
		hint string
	}{
		{"60010 not an admin", func() error { _, err := as("bob", f.signer).Accounts.Check(ctx, "alice"); return err },
			"make the identifier an app admin (App Admin in Tencent's IM web console, or admins.Add on a console-protocol server) or use one that is"},
		{"50003 not an admin (conversations)", func() error { return firstErr(as("bob", f.signer).Conversations.List(ctx, "alice")) },
			"make the identifier an app admin (App Admin in Tencent's IM web console, or admins.Add on a console-protocol server)"},
		{"70009 another key", func() error { _, err := as("administrator", wrongKey).Accounts.Check(ctx, "alice"); return err },
			"sign with the key of this SDKAppID (console: the app's Basic Configuration, \"View Key\")"},
		{"70009 an HMAC UserSig for an ECDSA app", func() error {
			_, err := on(legacy.SDKAppID, "administrator", hmacForLegacy).Accounts.Check(ctx, "alice")
			return err
		}, "sign with the key of this SDKAppID (console: the app's Basic Configuration, \"View Key\")"},
		{"20003 sender not imported", func() error {
			_, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "ghost", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}})
			return err
		}, "import the sender first (Accounts.Import)"},
		{"50001 account not imported (conversations)", func() error { return firstErr(f.rc.Conversations.List(ctx, "ghost")) },
			"import the account first (Accounts.Import)"},
		{"60009 no such command", func() error { return f.rc.Call(ctx, restapi.ServiceOpenIM, "no_such_command", struct{}{}, nil) },
			"check the service and command names in the URL"},
		{"10010 no such group", func() error {
			_, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "nosuch", MsgBody: []restapi.Element{restapi.Text("hi")}})
			return err
		}, "check the GroupID (Groups.Get)"},
		{"10017 the sender is muted", func() error {
			_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "muted",
				MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
			require.NoError(t, err)
			require.NoError(t, f.rc.Groups.MuteMembers(ctx, "muted", time.Hour, "bob"))
			_, err = f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "muted", FromAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}})
			return err
		}, "unmute the sender (Groups.MuteMembers or MuteTopicMembers with 0, Mute.Set for a mute in every group), turn MuteAllMember Off, or wait for the mute to end"},
		{"10014 the group is full", func() error {
			_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "full", MaxMemberCount: 1})
			require.NoError(t, err)
			_, err = f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: "full", MemberList: []restapi.MemberAccount{{MemberAccount: "bob"}}})
			return err
		}, "raise MaxMemberNum (Groups.Update) or remove members"},
		{"70398 a trial app's 100 accounts", func() error {
			accounts := make([]restapi.Account, 100)
			for i, id := range ids("u", 100) {
				accounts[i].UserID = id
			}
			_, err := f.rc.Accounts.ImportMany(ctx, accounts)
			return err
		}, "upgrade the app to Pro, or delete accounts"},
		{"60016 a disabled app", func() error {
			_, err := seeded(imtest.AppSeed{Status: apps.StatusDisabled}).Accounts.Check(ctx, "alice")
			return err
		}, "renew the app's package, or use another app"},
		{"60020 a package that ended", func() error {
			_, err := seeded(imtest.AppSeed{Edition: apps.EditionPro, Status: apps.StatusDisabled, ExpiresAt: &past}).Accounts.Check(ctx, "alice")
			return err
		}, "buy or renew the app's package in the console (it takes effect within 5 minutes)"},
		{"70001 an expired UserSig", func() error {
			rc, err := restapi.New(f.id, "administrator", f.signer, restapi.WithBaseURL(f.srv.URL()), restapi.WithClock(func() time.Time { return past }), restapi.WithoutRetries())
			require.NoError(t, err)
			_, err = rc.Accounts.Check(ctx, "alice")
			return err
		}, "sync this host's clock with the server's, or lengthen WithUserSigTTL"},
	}
	for _, tc := range cases {
		err := tc.call()
		require.Error(t, err, tc.name)
		text := err.Error()
		assert.True(t, strings.HasSuffix(text, "; hint: "+tc.hint), "%s: %s", tc.name, text)
		assert.Equal(t, 1, strings.Count(text, "; "), "%s: the ErrorInfo gives no remedy of its own: %s", tc.name, text)
		var apiErr *restapi.Error
		require.ErrorAs(t, err, &apiErr)
		remedy := strings.Join(strings.Fields(tc.hint)[:2], " ") // "sign with", "import the" ...
		assert.NotContains(t, apiErr.Info, remedy, "%s: the ErrorInfo does not say the hint's remedy", tc.name)
	}
}

// TestRetries: rate-limit codes are retried for every command, 5xx and
// lost answers only for commands that are safe to repeat; each retry gets
// a fresh random.
func TestRetries(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	const check = "im_open_login_svc/account_check"
	const create = "group_open_http_svc/create_group"

	t.Run("rate-limit codes", func(t *testing.T) {
		t.Parallel()
		for _, code := range []string{"60007", "60011", "60018", "60019"} {
			f := newFixture(t)
			f.srv.Inject(imtest.Fault{Action: create, Code: code, Times: 2})
			_, err := f.client(t).Groups.Create(ctx, &restapi.CreateGroupRequest{Type: "Public", Name: "g"})
			require.NoError(t, err, code)
			recs := f.srv.RequestsFor(create)
			require.Len(t, recs, 3, code)
			assert.NotEqual(t, recs[0].Path, recs[1].Path, "a retry has a fresh random")
			assert.Len(t, f.srv.GroupIDs(f.id), 1)
		}
	})
	t.Run("rate limit lasting past the retries", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.srv.Inject(imtest.Fault{Action: check, Code: "60007", Times: 10})
		_, err := f.client(t).Accounts.Check(ctx, "a")
		assert.ErrorIs(t, err, restapi.ErrRateLimited)
		assert.Len(t, f.srv.RequestsFor(check), 4)
	})
	t.Run("other codes are not retried", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.srv.Inject(imtest.Fault{Action: check, Code: "70500"})
		_, err := f.client(t).Accounts.Check(ctx, "a")
		assert.True(t, restapi.HasCode(err, 70500), "%v", err)
		assert.Len(t, f.srv.RequestsFor(check), 1)
	})
	t.Run("5xx is retried for a repeatable command", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.srv.Inject(imtest.Fault{Action: check, Code: "InternalError", Times: 2})
		_, err := f.client(t).Accounts.Check(ctx, "a")
		require.NoError(t, err)
		assert.Len(t, f.srv.RequestsFor(check), 3)
	})
	t.Run("5xx is not retried for create_group", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.srv.Inject(imtest.Fault{Action: create, Code: "InternalError"})
		_, err := f.client(t).Groups.Create(ctx, &restapi.CreateGroupRequest{Type: "Public", Name: "g"})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "HTTP 500")
		assert.Len(t, f.srv.RequestsFor(create), 1)
	})
	t.Run("a lost answer is retried for account_import", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.srv.Inject(imtest.Fault{Action: "im_open_login_svc/account_import", LoseResponse: true})
		require.NoError(t, f.client(t).Accounts.Import(ctx, restapi.Account{UserID: "a"}))
		assert.Len(t, f.srv.RequestsFor("im_open_login_svc/account_import"), 2)
	})
	t.Run("a lost answer is not retried for create_group", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.srv.Inject(imtest.Fault{Action: create, LoseResponse: true})
		_, err := f.client(t).Groups.Create(ctx, &restapi.CreateGroupRequest{Type: "Public", Name: "g"})
		require.Error(t, err)
		assert.Len(t, f.srv.RequestsFor(create), 1)
		assert.Len(t, f.srv.GroupIDs(f.id), 1, "the group was created once, not twice")
	})
	t.Run("70050 waits a minute when the max wait allows, within ctx", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.srv.Inject(imtest.Fault{Action: check, Code: "70050"})
		ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		// real timers (no WithRateLimitWait), to time the wait against ctx
		rc, err := restapi.New(f.id, "administrator", f.signer, restapi.WithBaseURL(f.srv.URL()),
			restapi.WithClock(f.srv.Now), restapi.WithRetry(3, time.Millisecond, time.Minute))
		require.NoError(t, err)
		_, err = rc.Accounts.Check(ctx, "a")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 30*time.Second)
		assert.Len(t, f.srv.RequestsFor(check), 1, "not retried before its minute")
	})
	t.Run("70050 waits at most the max wait", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.srv.Inject(imtest.Fault{Action: check, Code: "70050"})
		_, err := f.client(t).Accounts.Check(ctx, "a")
		require.NoError(t, err)
		assert.Len(t, f.srv.RequestsFor(check), 2, "retried after the 5 ms max wait, not a minute")
	})
	t.Run("without retries", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.srv.Inject(imtest.Fault{Action: check, Code: "60007"})
		_, err := f.client(t, restapi.WithoutRetries()).Accounts.Check(ctx, "a")
		assert.ErrorIs(t, err, restapi.ErrRateLimited)
		assert.Len(t, f.srv.RequestsFor(check), 1)
	})
	t.Run("a cancelled context stops at once", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := f.client(t).Accounts.Check(ctx, "a")
		assert.ErrorIs(t, err, context.Canceled)
	})
}

// TestHTTPStatusErrors: an answer with a status other than 200 (which the
// REST API never sends) is an *Error with HTTPStatus set and Code 0: a 5xx
// is ErrServerFailure and says to retry later, a 429 is ErrRateLimited,
// another status says to check the base URL and any proxy.
func TestHTTPStatusErrors(t *testing.T) {
	t.Parallel()
	const create = "group_open_http_svc/create_group"
	cases := []struct {
		name   string
		fault  imtest.Fault // on create_group
		status int
		is     error
		advice string
	}{
		{"502 from a gateway", imtest.Fault{HTTPStatus: http.StatusBadGateway}, http.StatusBadGateway, restapi.ErrServerFailure, "the server or a gateway in front of it failed, usually for a moment: retry later"},
		{"500", imtest.Fault{Code: "InternalError"}, http.StatusInternalServerError, restapi.ErrServerFailure, "retry later"},
		{"429", imtest.Fault{Code: "RequestLimitExceeded"}, http.StatusTooManyRequests, restapi.ErrRateLimited, "a gateway limited the request rate: slow down and retry"},
		{"404", imtest.Fault{Code: "ResourceNotFound"}, http.StatusNotFound, nil, "check the base URL and any proxy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			tc.fault.Action, tc.fault.Times = create, 10
			f.srv.Inject(tc.fault)
			c := f.client(t)
			_, err := c.Groups.Create(t.Context(), &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"})
			var e *restapi.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.status, e.HTTPStatus)
			assert.Zero(t, e.Code)
			assert.Equal(t, "group_open_http_svc", e.Service)
			assert.Equal(t, "create_group", e.Command)
			assert.NotEmpty(t, e.Info, "the start of the body")
			assert.Contains(t, err.Error(), fmt.Sprintf("restapi: group_open_http_svc/create_group: HTTP %d (", tc.status))
			assert.Contains(t, err.Error(), tc.advice)
			for _, s := range []error{restapi.ErrServerFailure, restapi.ErrRateLimited, restapi.ErrInvalidRequest, restapi.ErrUserSigInvalid} {
				assert.Equal(t, s == tc.is, errors.Is(err, s), "%v", s)
			}
			assert.False(t, restapi.HasCode(err, restapi.CodeInvalidParameter))
		})
	}
	e := &restapi.Error{Service: "openim", Command: "sendmsg", HTTPStatus: http.StatusServiceUnavailable}
	assert.Equal(t, "restapi: openim/sendmsg: HTTP 503 (empty body); the server or a gateway in front of it failed, usually for a moment: retry later", e.Error())
	e = &restapi.Error{Service: "openim", Command: "sendmsg", HTTPStatus: http.StatusForbidden, Info: "forbidden"}
	assert.Equal(t, `restapi: openim/sendmsg: HTTP 403 ("forbidden"); the REST API answers 200 even for failures, so check the base URL and any proxy in between`, e.Error())
}

// TestNotTheRESTAPI: answers that are not REST API envelopes are reported
// as such, not as success.
func TestNotTheRESTAPI(t *testing.T) {
	t.Parallel()
	cases := map[string]http.HandlerFunc{
		"404":        func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		"HTML":       func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("<html>hi</html>")) },
		"other JSON": func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"Response":{}}`)) },
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := stubClient(t, h, restapi.WithoutRetries())
			_, err := c.Accounts.Check(t.Context(), "a")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "check the base URL")
		})
	}
}

// TestUserSigNeverLeaks: String, logs, errors and the server's records
// never show the admin UserSig.
// TestRetryRecordsSayWhy: WithLogger writes one "restapi retry" record per
// retry made, with the attempt and why: the error code, the HTTP status or
// the network error.
func TestRetryRecordsSayWhy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		fault imtest.Fault
		why   string
	}{
		{"rate limited", imtest.Fault{Code: "60007"}, "code=60007"},
		{"gateway failure", imtest.Fault{HTTPStatus: http.StatusBadGateway}, "status=502"},
		{"answer lost", imtest.Fault{LoseResponse: true}, "error="},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			var logs records
			c := f.client(t, restapi.WithLogger(logs.logger()))
			tc.fault.Action = "im_open_login_svc/account_check"
			f.srv.Inject(tc.fault)
			_, err := c.Accounts.Check(t.Context(), "alice")
			require.NoError(t, err, "the retry succeeds")
			assert.Equal(t, 1, logs.count("restapi retry"))
			text := logs.text()
			assert.Contains(t, text, "command=account_check attempt=2 "+tc.why)
			assert.NotContains(t, text, "usersig=eA", "the UserSig is redacted")
		})
	}
}

// TestRenewedUserSigNeverLeaks: a retry that carries a UserSig renewed
// since the first attempt gets it redacted too, wherever the answer
// quotes it bare (an ErrorInfo, a gateway's page), in the error and the
// debug log alike.
func TestRenewedUserSigNeverLeaks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		answer func(w http.ResponseWriter, sig string)
	}{
		{"in ErrorInfo", func(w http.ResponseWriter, sig string) {
			fmt.Fprintf(w, `{"ActionStatus":"FAIL","ErrorCode":70009,"ErrorInfo":"UserSig %s does not verify"}`, sig)
		}},
		{"in a gateway's page", func(w http.ResponseWriter, sig string) {
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprintf(w, "bad gateway for UserSig %s", sig)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var mu sync.Mutex
			now := func() time.Time { mu.Lock(); defer mu.Unlock(); return at }
			var seen []string
			var logs records
			rc := stubClient(t, func(w http.ResponseWriter, r *http.Request) {
				sig := r.URL.Query().Get("usersig")
				mu.Lock()
				seen = append(seen, sig)
				first := len(seen) == 1
				if first {
					at = at.Add(50 * time.Minute) // past the hour TTL's renewal point
				}
				mu.Unlock()
				if first {
					w.WriteHeader(http.StatusTooManyRequests) // retried, with the renewed UserSig
					return
				}
				tc.answer(w, sig)
			}, restapi.WithClock(now), restapi.WithUserSigTTL(time.Hour), restapi.WithRetry(1, time.Millisecond, time.Millisecond),
				restapi.WithoutRateLimit(), restapi.WithLogger(logs.logger()))
			err := rc.Call(t.Context(), "openim", "querystate", map[string]any{}, nil)
			require.Error(t, err)
			mu.Lock()
			defer mu.Unlock()
			require.Len(t, seen, 2)
			require.NotEqual(t, seen[0], seen[1], "the retry carried a renewed UserSig")
			for _, sig := range seen {
				assert.NotContains(t, err.Error(), sig[:40]) // an excerpt may cut it short
				assert.NotContains(t, logs.text(), sig[:40])
			}
		})
	}
}

func TestUserSigNeverLeaks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	at := f.srv.Now()
	var logs records
	c := f.client(t, restapi.WithClock(func() time.Time { return at }), restapi.WithLogger(logs.logger()))
	sig, err := f.signer.SignToken(usersig.Token{UserID: "administrator", IssuedAt: at, TTL: restapi.DefaultUserSigTTL})
	require.NoError(t, err)
	forms := []string{sig, url.QueryEscape(sig), sig[:40]}

	ctx := t.Context()
	_, err = c.Accounts.Check(ctx, "alice")
	require.NoError(t, err)
	f.srv.Inject(imtest.Fault{Action: "im_open_login_svc/account_check", Code: "InternalError", Times: 10})
	_, err5xx := c.Accounts.Check(ctx, "alice")
	require.Error(t, err5xx)

	// A server that is gone: the transport error names the URL.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	deadClient := f.client(t, restapi.WithClock(func() time.Time { return at }), restapi.WithBaseURL(dead.URL), restapi.WithLogger(logs.logger()), restapi.WithoutRetries())
	_, errDead := deadClient.Accounts.Check(ctx, "alice")
	require.Error(t, errDead)
	assert.Contains(t, errDead.Error(), "usersig=REDACTED")
	var ue *url.Error
	require.ErrorAs(t, errDead, &ue)

	nested := map[string][]any{"clients": {struct {
		C *restapi.Client
		c *restapi.Client // fmt walks an unexported field's value without its methods
	}{c, c}}}
	encoded, err := json.Marshal(nested)
	require.NoError(t, err)
	var slogs bytes.Buffer
	slog.New(slog.NewJSONHandler(&slogs, nil)).Info("nested", "v", nested)
	slog.New(slog.NewTextHandler(&slogs, nil)).Info("nested", "v", nested)
	shown := []string{
		c.String(), fmt.Sprintf("%v %+v %#v %s", c, c, c, c), logs.text(),
		fmt.Sprintf("%v %+v %#v %s %x", nested, nested, nested, nested, nested), string(encoded), slogs.String(),
		err5xx.Error(), errDead.Error(), ue.Error(), ue.URL,
	}
	forms = append(forms, f.key, fmt.Sprintf("%x", f.key))
	for _, r := range f.srv.Requests() {
		shown = append(shown, r.Path, string(r.Body))
	}
	for _, s := range shown {
		for _, form := range forms {
			assert.NotContains(t, s, form)
		}
	}
	assert.Equal(t, 2, logs.count(minted), "one UserSig per client for all those calls")
	assert.GreaterOrEqual(t, logs.count("restapi call"), 3)
}

// TestLostAnswerSaysNotResent: a command sent once (not in repeatable)
// whose answer is lost fails with an error that says it was not resent and
// may have been applied, the network error still wrapped; a repeatable
// command's lost answers past the retries and a refused connection (never
// sent) say nothing of the kind.
func TestLostAnswerSaysNotResent(t *testing.T) {
	t.Parallel()
	const note = "; it was not resent, as it may have been applied: check (History, Check, Get ...) before calling again"
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	cases := []struct {
		name, action string
		fault        imtest.Fault
		base         string // "" for the fixture's server
		call         func(ctx context.Context, rc *restapi.Client) error
		sends        int
		noted        bool
	}{
		{"withdraw", "openim/admin_msgwithdraw", imtest.Fault{LoseResponse: true}, "", func(ctx context.Context, rc *restapi.Client) error {
			return rc.Messages.Withdraw(ctx, "alice", "bob", "1_2_3")
		}, 1, true},
		{"create_group", "group_open_http_svc/create_group", imtest.Fault{LoseResponse: true}, "", func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"})
			return err
		}, 1, true},
		{"account_check past its retries", "im_open_login_svc/account_check", imtest.Fault{LoseResponse: true, Times: 10}, "", func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Accounts.Check(ctx, "alice")
			return err
		}, 4, false},
		{"create_group, refused connection", "group_open_http_svc/create_group", imtest.Fault{}, dead.URL, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"})
			return err
		}, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newMsgFixture(t, apps.EditionTrial)
			rc := f.rc
			if tc.base != "" {
				rc = f.client(t, restapi.WithBaseURL(tc.base))
			}
			tc.fault.Action = tc.action
			f.srv.Inject(tc.fault)
			err := tc.call(t.Context(), rc)
			require.Error(t, err)
			assert.Equal(t, tc.noted, strings.HasSuffix(err.Error(), note), err.Error())
			assert.Contains(t, err.Error(), "restapi: "+tc.action+": Post ")
			var ue *url.Error
			assert.ErrorAs(t, err, &ue, "the network error stays wrapped")
			if tc.noted {
				assert.ErrorIs(t, err, io.EOF, "the lost answer's EOF stays wrapped")
			}
			assert.Len(t, f.srv.RequestsFor(tc.action), tc.sends)
		})
	}
}

// TestContextEndedInFlightSaysMayHaveBeenApplied: a write whose context
// ends once its request is written fails with the context's error and
// the note that it may have been applied (imtest ran it); a read cut off
// the same way, and a write whose context ended before it was sent (it
// is not), say nothing of the kind. (Whether imtest ran the cut-off write
// is a race with the test's return, as it is with Tencent: the note says
// "may".)
func TestContextEndedInFlightSaysMayHaveBeenApplied(t *testing.T) {
	t.Parallel()
	const note = "; it was not resent, as it may have been applied: check (History, Check, Get ...) before calling again"
	create := func(ctx context.Context, rc *restapi.Client) error {
		_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"})
		return err
	}
	cases := []struct {
		name, action string
		call         func(ctx context.Context, rc *restapi.Client) error
		early        bool // the context ends before the call
		noted        bool
	}{
		{"create_group", "group_open_http_svc/create_group", create, false, true},
		{"account_check", "im_open_login_svc/account_check", func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Accounts.Check(ctx, "alice")
			return err
		}, false, false},
		{"create_group, given up before it is sent", "group_open_http_svc/create_group", create, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newMsgFixture(t, apps.EditionTrial)
			ctx, cancel := context.WithCancel(t.Context())
			if tc.early {
				cancel()
			}
			// the caller gives up the moment its request is on the wire
			ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { cancel() }})
			err := tc.call(ctx, f.rc)
			require.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, tc.noted, strings.HasSuffix(err.Error(), note), err.Error())
			if tc.early {
				assert.Empty(t, f.srv.RequestsFor(tc.action), "nothing is sent once the context has ended")
			}
		})
	}
}

// TestNetworkErrorsShowTheQuery: a network error's URL shows the query
// for debugging (sdkappid, identifier, contenttype, random) with only the
// usersig value REDACTED; the UserSig shows nowhere, not even in a
// malformed answer net/http quotes.
func TestNetworkErrorsShowTheQuery(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// A dialer that always refuses: a closed server's port could be taken
	// by a parallel test's server before the dial.
	refusing := &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}}}
	echo, sig := echoingProxy(t, testkit.EchoMalformed)
	for name, opts := range map[string][]restapi.Option{
		"refused connection": {restapi.WithBaseURL(echo), restapi.WithHTTPClient(refusing)},
		"malformed answer":   {restapi.WithBaseURL(echo)},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			at := f.srv.Now()
			c := f.client(t, append(opts, restapi.WithClock(func() time.Time { return at }), restapi.WithoutRetries())...)
			_, err := c.Accounts.Check(t.Context(), "alice")
			require.Error(t, err)
			var ue *url.Error
			require.ErrorAs(t, err, &ue)
			minted := mintAt(t, f.signer, at, restapi.DefaultUserSigTTL)
			if name == "malformed answer" {
				require.Equal(t, minted, sig(), "the answer echoed this UserSig")
				assert.Contains(t, err.Error(), `malformed HTTP response "echo?`)
			}
			for _, shown := range []string{err.Error(), ue.URL} {
				for _, part := range []string{fmt.Sprintf("sdkappid=%d", f.id), "identifier=administrator", "contenttype=json", "random=", "usersig=REDACTED"} {
					assert.Contains(t, shown, part)
				}
				assert.NotContains(t, shown, "random=REDACTED")
				assert.NotContains(t, shown, minted)
				assert.NotContains(t, shown, url.QueryEscape(minted))
			}
		})
	}
}

// TestEchoedQueryNeverLeaks: a proxy that echoes the request's query, or
// the UserSig alone, into its answer (an error page, a body that is not
// the REST API's, an ErrorInfo) gets none of it into the error or the
// debug log, not even the part of the UserSig a quoted snippet would cut.
func TestEchoedQueryNeverLeaks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cases := []struct {
		name   string
		status int
		body   func(rawQuery, sig string) string
	}{
		{"502 echoing the query", http.StatusBadGateway, func(q, _ string) string { return q }},
		{"200 not an envelope", http.StatusOK, func(q, _ string) string { return "proxy: forwarded /v4/x?" + q }},
		{"usersig= in text", http.StatusOK, func(_, sig string) string { return "denied: usersig=" + sig + " (expired)" }},
		{"sig cut by the snippet", http.StatusOK, func(_, sig string) string { return strings.Repeat(".", 100) + `{"sig":"` + sig + `"}` }},
		{"sig escaped, cut", http.StatusServiceUnavailable, func(_, sig string) string { return strings.Repeat(".", 90) + url.QueryEscape(sig) }},
		{"sig in ErrorInfo", http.StatusOK, func(q, sig string) string {
			return fmt.Sprintf(`{"ActionStatus":"FAIL","ErrorCode":70003,"ErrorInfo":"bad sig %s for ?%s"}`, sig, q)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			proxy, sig := echoingProxy(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body(r.URL.RawQuery, r.URL.Query().Get("usersig")))
			})
			var logs records
			c := f.client(t, restapi.WithBaseURL(proxy), restapi.WithLogger(logs.logger()), restapi.WithoutRetries())
			_, err := c.Accounts.Check(t.Context(), "alice")
			require.Error(t, err)
			s := sig()
			require.NotEmpty(t, s)
			forms := []string{s, url.QueryEscape(s)}
			for i := 0; i+16 <= len(s); i += 8 {
				forms = append(forms, s[i:i+16])
			}
			for _, shown := range []string{err.Error(), logs.text()} {
				for _, form := range forms {
					assert.NotContains(t, shown, form)
				}
			}
			assert.Contains(t, err.Error(), "REDACTED")
		})
	}
}

// TestEchoedUserSigNeverDecoded: an answer that echoes the UserSig into a
// value (a friend's account, a cursor, an account) is decoded with
// REDACTED in its place, so neither a decoding error, a stuck walk's
// error, the debug log nor the value the caller gets holds any of it.
func TestEchoedUserSigNeverDecoded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	checkAccount := func(c *restapi.Client) (string, error) {
		got, err := c.Accounts.Check(t.Context(), "alice")
		if err == nil {
			err = errors.New("no error")
		}
		return fmt.Sprint(got), err
	}
	cases := []struct {
		name string
		body func(sig string) string
		call func(c *restapi.Client) (string, error) // what the caller got, and the error
	}{
		{"a friend's account in a decoding error", func(sig string) string {
			return `{"ActionStatus":"OK","ErrorCode":0,"UserDataItem":[{"To_Account":"` + sig + `","ValueItem":[{"Tag":"Tag_SNS_IM_Remark","Value":5}]}]}`
		}, func(c *restapi.Client) (string, error) {
			var resp restapi.FriendGetResponse
			err := c.Call(t.Context(), restapi.ServiceSNS, restapi.CommandFriendGet, &restapi.FriendGetRequest{FromAccount: "alice"}, &resp)
			return fmt.Sprint(resp), err
		}},
		{"a cursor a stuck walk quotes", func(sig string) string {
			return `{"ActionStatus":"OK","ErrorCode":0,"MemberNum":5,"MemberList":[{"Member_Account":"a"}],"Next":"` + sig + `"}`
		}, func(c *restapi.Client) (string, error) {
			var got []string
			for m, err := range c.Groups.Members(t.Context(), restapi.GetGroupMemberInfoRequest{GroupID: "@TGS#_1", Next: "n1"}) {
				if err != nil {
					return fmt.Sprint(got), err
				}
				got = append(got, m.MemberAccount)
			}
			return fmt.Sprint(got), errors.New("the walk ended without an error")
		}},
		{"an account the caller gets", func(sig string) string {
			return `{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"UserID":"` + url.QueryEscape(sig) + `","AccountStatus":"Imported"}]}`
		}, checkAccount},
		{"an account written with JSON escapes", func(sig string) string {
			return `{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"UserID":"` + jsonEscaped(sig) + `","AccountStatus":"Imported"}]}`
		}, checkAccount},
		{"a gateway's error page quoting the query with JSON escapes", func(sig string) string {
			return `{"error":"bad usersig=` + jsonEscaped(sig) + `"}`
		}, checkAccount},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			proxy, sig := echoingProxy(t, func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(tc.name, "a gateway's") {
					w.WriteHeader(http.StatusBadGateway)
				}
				_, _ = io.WriteString(w, tc.body(r.URL.Query().Get("usersig")))
			})
			var logs records
			c := f.client(t, restapi.WithBaseURL(proxy), restapi.WithLogger(logs.logger()), restapi.WithoutRetries())
			got, err := tc.call(c)
			s := sig()
			require.NotEmpty(t, s)
			for _, shown := range []string{got, err.Error(), logs.text()} {
				for _, form := range []string{s, jsonEscaped(s)} {
					for i := 0; i+16 <= len(form); i += 8 {
						assert.NotContains(t, shown, form[i:i+16])
					}
				}
			}
			assert.Contains(t, got+err.Error(), "REDACTED")
		})
	}
}

// jsonEscaped is s with every character written as a JSON \u escape.
func jsonEscaped(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04X`, r)
	}
	return b.String()
}

// TestUserSigRenewal: the UserSig is minted once, reused, and renewed when
// a fifth of its TTL is left, before it expires.
func TestUserSigRenewal(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var logs records
	c := f.client(t, restapi.WithUserSigTTL(time.Hour), restapi.WithLogger(logs.logger()))
	ctx := t.Context()
	check := func() {
		t.Helper()
		_, err := c.Accounts.Check(ctx, "a")
		require.NoError(t, err)
	}
	check()
	check()
	assert.Equal(t, 1, logs.count(minted))
	f.srv.Advance(47 * time.Minute) // 13 min left: not yet
	check()
	assert.Equal(t, 1, logs.count(minted))
	f.srv.Advance(2 * time.Minute) // 11 min left: renewed
	check()
	check()
	assert.Equal(t, 2, logs.count(minted))
	f.srv.Advance(3 * time.Hour) // long idle: the old one expired, a new one is minted first
	check()
	assert.Equal(t, 3, logs.count(minted))

	// Without renewal the server would refuse it: a UserSig an hour old.
	stale := mintAt(t, f.signer, f.srv.Now().Add(-61*time.Minute), time.Hour)
	q := url.Values{"sdkappid": {fmt.Sprint(f.id)}, "identifier": {"administrator"}, "usersig": {stale}, "random": {"1"}, "contenttype": {"json"}}
	resp, err := http.Post(f.srv.URL()+"/v4/im_open_login_svc/account_check?"+q.Encode(), "application/json", strings.NewReader(`{"CheckItem":[{"UserID":"a"}]}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	var env restapi.Envelope
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
	assert.Equal(t, restapi.CodeUserSigExpired, env.ErrorCode)
}

// TestServerClockAhead: a client 30 minutes behind the server with a
// 1-hour UserSig sees each UserSig refused with 70001 from 30 minutes
// after its mint, 18 minutes before the client's own renewal. It mints a
// fresh one at the first 70001 and resends the call, so over two hours of
// server time no call fails, every write is applied once, and each expiry
// costs one mint however many concurrent calls it refused.
func TestServerClockAhead(t *testing.T) {
	t.Parallel()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice")
	var logs records
	c := f.client(t, restapi.WithClock(func() time.Time { return f.srv.Now().Add(-30 * time.Minute) }),
		restapi.WithUserSigTTL(time.Hour), restapi.WithLogger(logs.logger()))
	const step, steps, callers = 7 * time.Minute, 18, 8 // calls at minutes 0, 7, ... 119
	ctx := t.Context()
	for i := range steps {
		var wg sync.WaitGroup
		for w := range callers {
			wg.Go(func() {
				var err error
				if w == 0 {
					_, err = c.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"})
				} else {
					_, err = c.Accounts.Check(ctx, "alice")
				}
				assert.NoError(t, err, "at minute %d", i*7)
			})
		}
		wg.Wait()
		f.srv.Advance(step)
	}
	assert.Len(t, f.srv.GroupIDs(f.id), steps, "each create_group applied once")
	// Each UserSig is good for 30 minutes of server time: New's is
	// replaced at minute 35, then at 70 and 105.
	assert.Equal(t, 4, logs.count(minted))
}

// TestUserSigExpiredAfterResend: a fresh UserSig refused too (the client
// is behind by more than the TTL) is not resent again: the call fails with
// ErrUserSigExpired and the advice to sync the clock or lengthen the TTL.
func TestUserSigExpiredAfterResend(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var logs records
	c := f.client(t, restapi.WithClock(func() time.Time { return f.srv.Now().Add(-2 * time.Hour) }),
		restapi.WithUserSigTTL(time.Hour), restapi.WithLogger(logs.logger()))
	_, err := c.Groups.Create(t.Context(), &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"})
	require.ErrorIs(t, err, restapi.ErrUserSigExpired)
	assert.Contains(t, err.Error(), "sync this host's clock with the server's, or lengthen WithUserSigTTL")
	assert.Len(t, f.srv.RequestsFor("group_open_http_svc/create_group"), 2, "sent, then resent once")
	assert.Equal(t, 2, logs.count(minted), "New's UserSig and the resend's")
	assert.Empty(t, f.srv.GroupIDs(f.id))
}

// TestResendsWaitForTheRateLimit: the resend after 70001 and a retry of
// 60007 are requests of their own, so the client-side limiter counts them
// too: at one call a second, each waits for its token (here a second or
// more; the backoff between tries is a millisecond).
func TestResendsWaitForTheRateLimit(t *testing.T) {
	t.Parallel()
	t.Run("after 70001", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		var waits []time.Duration
		c := f.client(t, restapi.WithClock(func() time.Time { return f.srv.Now().Add(-2 * time.Hour) }),
			restapi.WithUserSigTTL(time.Hour), restapi.WithRateLimit(restapi.RateLimit{PerSecond: 1}),
			restapi.WithRateLimitWait(func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }))
		_, err := c.Groups.Create(t.Context(), &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"})
		require.ErrorIs(t, err, restapi.ErrUserSigExpired)
		assert.Len(t, f.srv.RequestsFor("group_open_http_svc/create_group"), 2, "sent, then resent once")
		require.Len(t, waits, 1, "the first send had the limit's token, the resend waited for the next")
		assert.GreaterOrEqual(t, waits[0], time.Second)
	})
	t.Run("a retried 60007", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, "alice")
		var waits []time.Duration
		c := f.client(t, restapi.WithRateLimit(restapi.RateLimit{PerSecond: 1}), restapi.WithRetry(1, time.Millisecond, time.Millisecond),
			restapi.WithRateLimitWait(func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }))
		f.srv.Inject(imtest.Fault{Action: "im_open_login_svc/account_check", Code: "60007"})
		_, err := c.Accounts.Check(t.Context(), "alice")
		require.NoError(t, err)
		assert.Len(t, f.srv.RequestsFor("im_open_login_svc/account_check"), 2, "refused, then retried")
		require.Len(t, waits, 2, "the limiter's wait and the backoff before the retry")
		assert.GreaterOrEqual(t, slices.Max(waits), time.Second, "the retry waited for the limiter's next token")
	})
}

func mintAt(t *testing.T, s *usersig.Signer, at time.Time, ttl time.Duration) string {
	t.Helper()
	sig, err := s.SignToken(usersig.Token{UserID: "administrator", IssuedAt: at, TTL: ttl})
	require.NoError(t, err)
	return sig
}

// TestConcurrentCallsAcrossRenewals: hundreds of parallel calls through
// one Client while the server's (and so the client's) clock moves past
// two renewal points. Every call succeeds and exactly one UserSig is
// minted per renewal. Run with -race.
func TestConcurrentCallsAcrossRenewals(t *testing.T) {
	t.Parallel()
	// The wall clock: the client's limiter must refill while 200 workers
	// call (on the fixtures' still clock it would only wait).
	f := newFixtureOn(t, imtest.NewServer(t, imtest.WithV4RateLimit(0)), apps.EditionTrial, "alice")
	var logs records
	c := f.client(t, restapi.WithUserSigTTL(time.Hour), restapi.WithLogger(logs.logger()))

	const workers, phases = 200, 3
	var (
		mu    sync.Mutex
		cond  = sync.NewCond(&mu)
		phase int          // current phase, guarded by mu
		seen  [workers]int // the last phase in which each worker completed a call that started in it
		calls atomic.Int64
		fails atomic.Int64
		wg    sync.WaitGroup
	)
	ctx := t.Context()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				p := phase
				mu.Unlock()
				if p == phases {
					return
				}
				res, err := c.Accounts.Check(ctx, "alice")
				calls.Add(1)
				if err != nil || len(res) != 1 || res[0].AccountStatus != restapi.AccountImported {
					fails.Add(1)
					t.Errorf("worker %d in phase %d: %v %v", w, p, res, err)
				}
				mu.Lock()
				seen[w] = p + 1
				cond.Broadcast()
				mu.Unlock()
			}
		}()
	}
	// Each phase ends once every worker has completed a call that started
	// in it, so no request signed in an earlier phase is still in flight.
	for p := range phases {
		mu.Lock()
		for !allAtLeast(seen[:], p+1) {
			cond.Wait()
		}
		if p < phases-1 {
			f.srv.Advance(50 * time.Minute) // past the renewal point (48 min), before expiry (60 min)
		}
		phase = p + 1
		mu.Unlock()
	}
	wg.Wait()
	assert.Zero(t, fails.Load())
	assert.GreaterOrEqual(t, calls.Load(), int64(workers*phases))
	assert.Equal(t, phases, logs.count(minted), "one mint at New, one per renewal")
}

func allAtLeast(xs []int, n int) bool {
	for _, x := range xs {
		if x < n {
			return false
		}
	}
	return true
}

// TestHelpersSplitLargeInputs: helpers send at most 100 accounts or 50
// groups per request and keep the order of the answers.
func TestHelpersSplitLargeInputs(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newProFixture(t)
	srv := f.srv
	rc, err := restapi.New(f.id, "administrator", f.signer, restapi.WithBaseURL(srv.URL()), restapi.WithClock(srv.Now))
	require.NoError(t, err)

	accounts := make([]restapi.Account, 250)
	users := ids("u", len(accounts))
	for i := range accounts {
		accounts[i].UserID = users[i]
	}
	failed, err := rc.Accounts.ImportMany(ctx, accounts)
	require.NoError(t, err)
	assert.Empty(t, failed)
	assert.Len(t, srv.RequestsFor("im_open_login_svc/multiaccount_import"), 3)
	assert.Equal(t, users, srv.ImportedAccounts(f.id))

	checked, err := rc.Accounts.Check(ctx, append(users[:150:150], "nobody")...)
	require.NoError(t, err)
	require.Len(t, checked, 151)
	assert.Len(t, srv.RequestsFor("im_open_login_svc/account_check"), 2)
	assert.Equal(t, "u149", checked[149].UserID)
	assert.Equal(t, restapi.AccountNotImported, checked[150].AccountStatus)

	// Nothing is sent when any batch is invalid, even a later one.
	_, err = rc.Accounts.Delete(ctx, append(users[:150:150], "")...)
	assert.True(t, restapi.HasCode(err, restapi.CodeInvalidParameter), "%v", err)
	assert.Empty(t, srv.RequestsFor("im_open_login_svc/account_delete"))
	_, err = rc.Accounts.ImportMany(ctx, append(accounts[:150:150], restapi.Account{}))
	require.Error(t, err)
	assert.Len(t, srv.RequestsFor("im_open_login_svc/multiaccount_import"), 3)

	deleted, err := rc.Accounts.Delete(ctx, users[:120]...)
	require.NoError(t, err)
	assert.Len(t, deleted, 120)
	assert.Len(t, srv.ImportedAccounts(f.id), 130)

	groups := make([]string, 60)
	for i := range groups {
		groups[i] = fmt.Sprint("g", i)
	}
	infos, err := rc.Groups.Get(ctx, groups...)
	require.NoError(t, err)
	require.Len(t, infos, 60)
	assert.Equal(t, "g59", infos[59].GroupID)
	assert.Len(t, srv.RequestsFor("group_open_http_svc/get_group_info"), 2)

	// Empty inputs send nothing.
	_, err = rc.Accounts.ImportMany(ctx, nil)
	require.NoError(t, err)
	res, err := rc.Accounts.Check(ctx)
	require.NoError(t, err)
	assert.Empty(t, res)
	_, err = rc.Groups.Create(ctx, nil)
	require.Error(t, err)
}

// TestOnlyRepeatableCommandsRetryFailures: after an HTTP 5xx or a lost
// answer the client resends only a read or a write the facts say the
// server deduplicates (account_import: "Re-import of same account creates
// only one internal ID (idempotent)"; multiaccount_import: "Existing
// accounts get updated"). Every other write, and any command the package
// does not know (Call), is sent once: the first attempt may have been
// applied, and Tencent's REST commands carry no ClientToken.
func TestOnlyRepeatableCommandsRetryFailures(t *testing.T) {
	t.Parallel()
	repeatable := []string{
		"im_open_login_svc/account_import", "im_open_login_svc/multiaccount_import",
		"im_open_login_svc/account_check",
		"group_open_http_svc/get_group_info", "group_open_http_svc/get_group_member_info",
		"group_open_http_svc/get_joined_group_list", "group_open_http_svc/get_appid_group_list",
		"openim/query_online_status", "openim/querystate", "openim/admin_getroammsg",
		"profile/portrait_get", "sns/friend_get", "openconfigsvr/getnospeaking",
	}
	once := []string{
		"im_open_login_svc/account_delete", "im_open_login_svc/kick",
		"group_open_http_svc/create_group", "group_open_http_svc/destroy_group",
		"group_open_http_svc/add_group_member", "group_open_http_svc/delete_group_member",
		"group_open_http_svc/modify_group_base_info", "group_open_http_svc/forbid_send_msg",
		"group_open_http_svc/send_group_msg", "group_open_http_svc/send_group_system_notification",
		"openim/sendmsg", "openim/batchsendmsg", "openim/importmsg", "openim/admin_msgwithdraw",
		"profile/portrait_set", "sns/friend_add", "sns/friend_delete", "openconfigsvr/setnospeaking",
	}
	type tc struct {
		command string
		fault   imtest.Fault
		sent    int
	}
	var cases []tc
	for _, fault := range []imtest.Fault{{HTTPStatus: http.StatusBadGateway}, {LoseResponse: true}} {
		for _, c := range repeatable {
			cases = append(cases, tc{c, fault, 2})
		}
		for _, c := range once {
			cases = append(cases, tc{c, fault, 1})
		}
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s/lose=%v", tc.command, tc.fault.LoseResponse), func(t *testing.T) {
			t.Parallel()
			f := newUnlimitedFixture(t, apps.EditionPro)
			tc.fault.Action = tc.command
			f.srv.Inject(tc.fault)
			service, command, _ := strings.Cut(tc.command, "/")
			_ = f.client(t).Call(t.Context(), service, command, json.RawMessage(`{}`), nil)
			assert.Len(t, f.srv.RequestsFor(tc.command), tc.sent)
		})
	}
	t.Run("a command the package does not know", func(t *testing.T) {
		t.Parallel()
		var sent atomic.Int32
		c := stubClient(t, func(w http.ResponseWriter, r *http.Request) {
			sent.Add(1)
			w.WriteHeader(http.StatusBadGateway)
		}, restapi.WithRetry(3, time.Millisecond, time.Millisecond))
		err := c.Call(t.Context(), "group_open_http_svc", "import_group_member", json.RawMessage(`{}`), nil)
		assert.ErrorIs(t, err, restapi.ErrServerFailure)
		assert.EqualValues(t, 1, sent.Load())
	})
}

// TestEveryPublicCodeHasAFamily: each public code (60000-79999) of
// Tencent's tables (679/131708 "REST API 公共错误码", 269/1671 account
// codes) matches the family its documented meaning names, so a caller
// branching with errors.Is never meets a documented public code that
// matches nothing.
func TestEveryPublicCodeHasAFamily(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code int
		is   error
		doc  string // the facts' meaning
	}{
		{60002, restapi.ErrInvalidRequest, "HTTP 解析错误"},
		{60003, restapi.ErrInvalidRequest, "HTTP 请求 JSON 解析错误"},
		{60004, restapi.ErrUserSigInvalid, "账号或签名错误"},
		{60005, restapi.ErrUserSigInvalid, "账号或签名错误"},
		{60006, restapi.ErrAppDisabled, "SDKAppID 失效"},
		{60007, restapi.ErrRateLimited, "REST 接口调用频率超过限制"},
		{60008, restapi.ErrServerFailure, "服务请求超时或 HTTP 请求格式错误，请检查并重试"},
		{60009, restapi.ErrInvalidRequest, "请求资源错误，请检查请求 URL"},
		{60010, restapi.ErrNotAdmin, "请求需要 App 管理员权限"},
		{60011, restapi.ErrRateLimited, "SDKAppID 请求频率超限"},
		{60012, restapi.ErrInvalidRequest, "REST 接口需要带 SDKAppID"},
		{60013, restapi.ErrServerFailure, "HTTP 响应包 JSON 解析错误"},
		{60014, restapi.ErrServerFailure, "置换账号超时"},
		{60015, restapi.ErrInvalidRequest, "请求包体账号类型错误"},
		{60016, restapi.ErrAppDisabled, "SDKAppID 被禁用"},
		{60017, restapi.ErrForbidden, "请求被禁用"},
		{60018, restapi.ErrRateLimited, "请求过于频繁，请稍后重试"},
		{60019, restapi.ErrRateLimited, "请求过于频繁，请稍后重试"},
		{60020, restapi.ErrAppDisabled, "专业版套餐包已到期并停用"},
		{60021, restapi.ErrForbidden, "REST API 调用来源 IP 非法"},
		{70001, restapi.ErrUserSigExpired, "UserSig 已过期"},
		{70002, restapi.ErrUserSigInvalid, "UserSig empty"},
		{70003, restapi.ErrUserSigInvalid, "解析失败"},
		{70005, restapi.ErrUserSigInvalid, "UserSig check failed"},
		{70009, restapi.ErrUserSigInvalid, "UserSig 验证失败"},
		{70013, restapi.ErrUserSigInvalid, "UserID 与生成 UserSig 时使用的 UserID 不一致"},
		{70014, restapi.ErrUserSigInvalid, "SDKAppID 与生成 UserSig 时使用的 SDKAppID 不一致"},
		{70016, restapi.ErrUserSigInvalid, "密钥/公钥不存在"},
		{70020, restapi.ErrUserSigInvalid, "SDKAppID 不存在"},
		{70050, restapi.ErrUserSigInvalid, "UserSig 验证失败，且请求频率超限"},
		{70050, restapi.ErrRateLimited, "UserSig 验证失败，且请求频率超限"},
		{70051, restapi.ErrForbidden, "账号被拉入黑名单"},
		{70052, restapi.ErrUserSigInvalid, "UserSig already invalidated (unverified)"},
		{70107, restapi.ErrAccountNotImported, "请求的用户账号没有导入"},
		{70114, restapi.ErrForbidden, "restricted for security reasons"},
		{70169, restapi.ErrServerFailure, "服务端内部超时"},
		{70206, restapi.ErrInvalidRequest, "invalid batch count"},
		{70398, restapi.ErrLimitExceeded, "账号数超限"},
		{70402, restapi.ErrInvalidRequest, "参数非法"},
		{70403, restapi.ErrNotAdmin, "需要 App 管理员权限"},
		{70500, restapi.ErrServerFailure, "服务器内部错误"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			t.Parallel()
			err := fmt.Errorf("wrapped: %w", &restapi.Error{Service: "s", Command: "c", Code: tc.code})
			assert.ErrorIs(t, err, tc.is, "%d %s", tc.code, tc.doc)
		})
	}
	t.Run("70206 answered by the server", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		items := make([]map[string]string, 101)
		for i := range items {
			items[i] = map[string]string{"UserID": fmt.Sprint("u", i)}
		}
		err := f.rc.Call(t.Context(), "im_open_login_svc", "account_delete", map[string]any{"DeleteItem": items}, nil)
		require.True(t, restapi.HasCode(err, 70206), "%v", err)
		assert.ErrorIs(t, err, restapi.ErrInvalidRequest)
	})
}

// TestInternalCodesAreServerFailures: each code Tencent's tables give as
// a failure inside the service (im-facts-rest.md C: group 10002 "internal
// error, retry", C2C 20004/20005/20018, SNS 30006/30007, profile 40006,
// openim 90992/90994/90995/91000; global mute's 130014 "系统错误，请再次尝试",
// CN 4230) matches ErrServerFailure, so a caller
// that retries later on it meets no internal code that matches nothing.
func TestInternalCodesAreServerFailures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code int
		doc  string // the facts' meaning
	}{
		{10002, "internal error, retry"},
		{20004, "network error"},
		{20005, "internal"},
		{20018, "delete-roaming internal error"},
		{30006, "internal"},
		{30007, "timeout"},
		{40006, "internal"},
		{90992, "internal"},
		{90994, "internal"},
		{90995, "internal"},
		{91000, "internal"},
		{130014, "系统错误,请再次尝试或联系技术客服"},
	} {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			t.Parallel()
			err := fmt.Errorf("wrapped: %w", &restapi.Error{Service: "s", Command: "c", Code: tc.code})
			assert.ErrorIs(t, err, restapi.ErrServerFailure, "%d %s", tc.code, tc.doc)
			assert.NotErrorIs(t, err, restapi.ErrInvalidRequest)
		})
	}
}

// TestPublicCodeConstants: the Code* constants of the public codes, which
// the reference server answers and its tests expect, hold the numbers of
// Tencent's tables (679/131708, 269/1671), so a typo in one cannot make
// the server and its tests agree on a code Tencent never answers.
func TestPublicCodeConstants(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ got, want int }{
		{restapi.CodeHTTPParse, 60002}, {restapi.CodeBadJSON, 60003}, {restapi.CodeBadIdentity, 60004}, {restapi.CodeUserSigEmpty, 70002},
		{restapi.CodeAppInvalid, 60006}, {restapi.CodeRateLimit, 60007}, {restapi.CodeUnknownCommand, 60009},
		{restapi.CodeNeedAdmin, 60010}, {restapi.CodeAppRateLimit, 60011}, {restapi.CodeMissingSDKAppID, 60012},
		{restapi.CodeAccountType, 60015}, {restapi.CodeAppDisabled, 60016}, {restapi.CodeTooFrequent1, 60018},
		{restapi.CodeTooFrequent2, 60019}, {restapi.CodePackageExpired, 60020},
		{restapi.CodeUserSigExpired, 70001}, {restapi.CodeUserSigMalformed, 70003}, {restapi.CodeUserSigKey, 70009},
		{restapi.CodeUserSigIdentifier, 70013}, {restapi.CodeUserSigSDKAppID, 70014}, {restapi.CodeUserSigNoKey, 70016},
		{restapi.CodeAppNotFound, 70020}, {restapi.CodeUserSigRateLimit, 70050}, {restapi.CodeNotImported, 70107},
		{restapi.CodeInvalidBatchCount, 70206}, {restapi.CodeAccountLimit, 70398}, {restapi.CodeInvalidParameter, 70402},
		{restapi.CodeNeedAdminPrivate, 70403},
	} {
		assert.Equal(t, tc.want, tc.got)
	}
}

// TestEnvelopeSamples: Tencent's own sample answers decide success and
// failure by ActionStatus and ErrorCode alone: ErrorInfo "0" and an empty
// ErrorDisplay (sns group_delete, 269/10108) are a success, so is
// getnospeaking's sample without ActionStatus, and the failure sample of
// B0 is an *Error with its code and ErrorInfo.
func TestEnvelopeSamples(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body string
		code       int // 0: success
		info       string
		display    string
	}{
		{"group_delete", `{"CurrentSequence":4,"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"0","ErrorDisplay":""}`, 0, "", ""},
		{"getnospeaking", `{"ErrorCode":0,"ErrorInfo":"","C2CmsgNospeakingTime":4294967295,"GroupmsgNospeakingTime":7200}`, 0, "", ""},
		{"parse failure", `{"ActionStatus":"FAIL","ErrorInfo":"Fail to Parse json data of body, Please check it","ErrorCode":90001}`, 90001, "Fail to Parse json data of body, Please check it", ""},
		{"portrait_set failure", `{"ActionStatus":"FAIL","ErrorCode":40001,"ErrorInfo":"Err_Profile_Comm_Decode_Fail","ErrorDisplay":""}`, 40001, "Err_Profile_Comm_Decode_Fail", ""},
		// ErrorDisplay, the text profile and relationship answers carry for
		// end users, is kept beside ErrorInfo (im-facts-rest B0).
		{"friend_add failure with a display text", `{"ActionStatus":"FAIL","ErrorCode":30001,"ErrorInfo":"Err_SNS_Comm_Invalid_Param","ErrorDisplay":"请求参数错误"}`, 30001, "Err_SNS_Comm_Invalid_Param", "请求参数错误"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := stubClient(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, tc.body) }, restapi.WithoutRetries())
			var resp map[string]any
			err := c.Call(t.Context(), "openconfigsvr", "getnospeaking", nil, &resp)
			if tc.code == 0 {
				require.NoError(t, err)
				return
			}
			var e *restapi.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.info, e.Info)
			assert.Equal(t, tc.display, e.Display)
			assert.Zero(t, e.HTTPStatus)
		})
	}
}

// TestNilRequests: every service method that takes a request pointer
// answers a nil one with an error, never a panic.
func TestNilRequests(t *testing.T) {
	t.Parallel()
	testkit.NilRequests(t, t.Context(), newFixture(t).rc)
}
