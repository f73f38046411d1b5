package imtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/conformance"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// The golden conformance table, run against imtest's raw handler: every
// request is built and signed by hand and served with ServeHTTP, no SDK
// client involved, so a rule the SDK and the server share but get wrong
// fails here.
//
// Setup vocabulary (case "setup", applied in order; the first app-making
// step's SdkAppId is $APP):
//
//	app, pro_app, flagship_app,       an Enabled app of that edition
//	enterprise_app
//	disabled_app, disabled_pro_app    a Disabled Trial / Pro app
//	trtc_trial_app                    an Enabled TRTCTrial app (created in the TRTC console)
//	trtc_disabled_app                 a TRTCTrial app disabled on the TRTC side
//	expired_pro_app, arrears_pro_app  a Pro app Expired (just now) / in Arrears
//	lapsed_pro_app                    a Pro app Disabled because its package ended in 2018
//	legacy_app, disabled_legacy_app   an ECDSA-SHA256 app created in 2018
//	upgraded_legacy_app               legacy_app upgraded to HMAC-SHA256 now (its old ECDSA key kept for the usersig variants old_ecdsa*)
//	other_account_app                 a Trial app of another account
//	apps:<n>                          n more apps in the default account
//	admin:<id>, admins:<n>            the admin id / n more admins on $APP
//	tags:<n>                          n tags k00=v00... on $APP
//	certs:<n>                         n Huawei certificates on $APP
//	account:<id>, accounts:<n>        the account id / n accounts u000... imported into $APP
//	online:<id>:<platform>:<status>   SetOnline of an imported account (status Online or PushOnline)
//	profile_tag:<name>:<type>         a custom profile tag declared on $APP, type string or integer
//	fault:<code>                      the next call of the action answers code
//	callback:<ErrorCode>              $APP's callbacks go to a server answering every one with ErrorCode (ErrorInfo "conformance")
//	burst:<n>                         the case's REST request sent n times first (all in one second)
//
// A step of "before" with "advance" (a Go duration) moves the server's
// clock, and the time requests are signed at, forward instead of sending.

func TestConformance(t *testing.T) {
	t.Parallel()
	cases, err := conformance.Load("../testdata/conformance.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cases), conformance.MinCases)
	fx, err := conformance.NewFixtures(time.Now())
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			r := newRun(t, fx, c)
			var diffs []string
			if c.API == "console" {
				diffs = r.console(c)
			} else {
				diffs = r.rest(c)
			}
			conformance.Report(t, c, diffs)
		})
	}
}

// run is one case's server, clock and apps.
type run struct {
	t       *testing.T
	fx      *conformance.Fixtures
	srv     *imtest.Server
	now     time.Time
	id, key string // the default account's credentials
	vars    map[string]uint64
	oldKey  string // upgraded_legacy_app's ECDSA private key (PEM)
}

func newRun(t *testing.T, fx *conformance.Fixtures, c conformance.Case) *run {
	now := time.Now().Truncate(time.Second) // fixed: bursts fall in one second of server time
	r := &run{t: t, fx: fx, now: now, vars: map[string]uint64{}}
	srv, err := imtest.New(imtest.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	r.srv = srv
	r.id, r.key = r.srv.Credentials()
	uin, err := strconv.ParseUint(defaultAccount(t, r.srv).OwnerUin, 10, 64)
	require.NoError(t, err)
	r.vars["$UIN"] = uin
	r.vars["$NOW"] = uint64(now.Unix())
	for _, s := range c.Setup {
		r.setup(c, s)
	}
	for _, b := range c.Before {
		r.before(b)
	}
	return r
}

func (r *run) setup(c conformance.Case, step string) {
	t := r.t
	name, arg, _ := strings.Cut(step, ":")
	n, _ := strconv.Atoi(arg)
	legacy := time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC)
	seeds := map[string]imtest.AppSeed{
		"app":                 {},
		"pro_app":             {Edition: apps.EditionPro},
		"flagship_app":        {Edition: apps.EditionFlagship},
		"enterprise_app":      {Edition: apps.EditionEnterprise},
		"disabled_app":        {Status: apps.StatusDisabled},
		"disabled_pro_app":    {Edition: apps.EditionPro, Status: apps.StatusDisabled},
		"expired_pro_app":     {Edition: apps.EditionPro, Status: apps.StatusExpired},
		"arrears_pro_app":     {Edition: apps.EditionPro, Status: apps.StatusArrears},
		"lapsed_pro_app":      {Edition: apps.EditionPro, Status: apps.StatusDisabled, ExpiresAt: &legacy},
		"legacy_app":          {CreatedAt: legacy},
		"disabled_legacy_app": {CreatedAt: legacy, Status: apps.StatusDisabled},
		"trtc_trial_app":      {Edition: apps.EditionTRTCTrial},
		"trtc_disabled_app":   {Edition: apps.EditionTRTCTrial, Status: apps.StatusDisabled},
	}
	if seed, ok := seeds[name]; ok {
		r.seedApp(seed)
		return
	}
	app := r.vars["$APP"]
	switch name {
	case "upgraded_legacy_app":
		r.seedApp(imtest.AppSeed{CreatedAt: legacy})
		r.oldKey = r.secret(r.vars["$APP"]).PrivateKey
		r.before(conformance.Request{Action: "UpgradeIMAppSignatureAlgorithm", Request: json.RawMessage(`{"SdkAppId": "$APP"}`)})
	case "other_account_app":
		id, _ := r.srv.NewAccount()
		r.seedApp(imtest.AppSeed{SecretID: id})
	case "apps":
		for range n {
			_, err := r.srv.SeedApp(imtest.AppSeed{})
			require.NoError(t, err)
		}
	case "admin":
		require.NoError(t, r.srv.SeedAdmins(app, arg))
	case "admins":
		require.NoError(t, r.srv.SeedAdmins(app, numberedIDs("admin%02d", n)...))
	case "tags":
		m := map[string]string{}
		for i := range n {
			m[fmt.Sprintf("k%02d", i)] = fmt.Sprintf("v%02d", i)
		}
		require.NoError(t, r.srv.SeedTags(app, m))
	case "certs":
		for range n {
			r.before(conformance.Request{Action: "CreatePushCertificate", Request: json.RawMessage(
				`{"SdkAppId": "$APP", "Vendor": "Huawei", "PackageName": "com.example.app", "AppId": "104512345", "AppSecret": "s3cr3tValue"}`)})
		}
	case "account":
		require.NoError(t, r.srv.ImportAccounts(app, arg))
	case "accounts":
		require.NoError(t, r.srv.ImportAccounts(app, numberedIDs("u%03d", n)...))
	case "friends": // friends:<id>:<n>: n accounts f0000... imported and made friends of id
		id, count, _ := strings.Cut(arg, ":")
		n, _ := strconv.Atoi(count)
		friends := numberedIDs("f%04d", n)
		require.NoError(t, r.srv.ImportAccounts(app, friends...))
		for chunk := range slices.Chunk(friends, restapi.MaxFriendImports) {
			items := make([]restapi.FriendImportItem, len(chunk))
			for i, f := range chunk {
				items[i] = restapi.FriendImportItem{ToAccount: f, AddSource: "AddSource_Type_Web"}
			}
			body, err := json.Marshal(restapi.FriendImportRequest{FromAccount: id, AddFriendItem: items})
			require.NoError(t, err)
			out := r.sendREST(restapi.ServiceSNS+"/"+restapi.CommandFriendImport, body, nil)
			require.Zero(t, out.ErrorCode, "friend_import: %s", out.ErrorInfo)
		}
	case "online":
		parts := strings.Split(arg, ":")
		require.Len(t, parts, 3, "online:<id>:<platform>:<status>")
		require.NoError(t, r.srv.SetOnline(app, parts[0], parts[1], restapi.OnlineStatus(parts[2])))
	case "profile_tag":
		tag, typ, _ := strings.Cut(arg, ":")
		types := map[string]imtest.ProfileTagType{"string": imtest.ProfileString, "integer": imtest.ProfileInteger}
		require.Contains(t, types, typ, "profile_tag:<name>:string|integer")
		require.NoError(t, r.srv.SeedProfileTags(app, map[string]imtest.ProfileTagType{tag: types[typ]}))
	case "fault":
		r.srv.Inject(imtest.Fault{Action: c.Action, Code: arg})
	case "callback":
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"ActionStatus":"OK","ErrorCode":%d,"ErrorInfo":"conformance"}`, n)
		}))
		t.Cleanup(hs.Close)
		require.NoError(t, r.srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL}))
	case "burst":
		for i := range n {
			out := r.sendREST(c.Command, r.body(c.Request), nil)
			require.Zero(t, out.ErrorCode, "burst call %d: %s", i, out.ErrorInfo)
		}
	default:
		t.Fatalf("unknown setup step %q", step)
	}
}

func (r *run) seedApp(seed imtest.AppSeed) {
	app, err := r.srv.SeedApp(seed)
	require.NoError(r.t, err)
	if _, ok := r.vars["$APP"]; !ok {
		r.vars["$APP"] = app.SDKAppID
	}
}

// before sends one request of Case.Before, which must succeed, and keeps
// the CertificateId it answers as $CERT.
func (r *run) before(b conformance.Request) {
	t := r.t
	if b.Advance != "" {
		d, err := time.ParseDuration(b.Advance)
		require.NoError(t, err, "before: advance")
		r.srv.Advance(d)
		r.now = r.now.Add(d) // requests are signed at the server's time
		return
	}
	body := r.body(b.Request)
	if b.Command != "" {
		out := r.sendREST(b.Command, body, nil)
		require.Zero(t, out.ErrorCode, "before %s: %s", b.Command, out.ErrorInfo)
		return
	}
	rec := r.sendConsole(b.Service, "", b.Action, body, nil)
	var resp struct {
		Response struct {
			Error       *struct{ Code, Message string }
			Certificate *struct{ CertificateId uint64 }
		}
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp), rec.Body.String())
	require.Nil(t, resp.Response.Error, "before %s: %s", b.Action, rec.Body.String())
	if c := resp.Response.Certificate; c != nil {
		r.vars["$CERT"] = c.CertificateId
	}
}

func (r *run) body(raw json.RawMessage) []byte {
	b, err := r.fx.Expand(raw, r.vars)
	require.NoError(r.t, err)
	return b
}

// sendConsole serves one API 3.0 request of service ("" for im) at version
// ("" for the service's), signed by the default account unless auth says
// otherwise.
func (r *run) sendConsole(service, version, action string, body []byte, auth *conformance.Auth) *httptest.ResponseRecorder {
	if auth == nil {
		auth = &conformance.Auth{}
	}
	if service == "" {
		service = "im"
	}
	if version == "" {
		version = versionOf(service)
	}
	id, key := r.id, r.key
	if auth.SecretID != "" {
		id = auth.SecretID
	}
	if auth.WrongKey {
		key = "not-" + key
	}
	if auth.Service != "" {
		service = auth.Service
	}
	ts := r.now.Unix() + auth.TimestampOffset
	header := tc3Authorization(id, key, service, action, auth.SignAction, body, ts)
	if auth.Date != "" {
		date := time.Unix(ts, 0).UTC().Format(time.DateOnly)
		header = strings.Replace(header, "/"+date+"/", "/"+auth.Date+"/", 1)
	}
	if auth.Header != nil {
		header = *auth.Header
	}
	if auth.TamperBody {
		body = append(bytes.TrimSuffix(body, []byte("}")), []byte(`,"Offset":1}`)...)
	}
	method := http.MethodPost
	if auth.Method != "" {
		method = auth.Method
	}
	return serveConsole(r.srv, method, action, version, ts, header, body)
}

func (r *run) console(c conformance.Case) []string {
	rec := r.sendConsole(c.Service, c.Version, c.Action, r.body(c.Request), c.Auth)
	var resp struct {
		Response struct {
			Error     *struct{ Code, Message string }
			RequestId string
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		return []string{fmt.Sprintf("the answer is not the API 3.0 envelope: %v: %s", err, rec.Body)}
	}
	var code, msg string
	if e := resp.Response.Error; e != nil {
		code, msg = e.Code, e.Message
	}
	diffs := compare(c.Want, rec.Code, code, msg)
	if c.Want.RetryAfter != "" && rec.Header().Get("Retry-After") != c.Want.RetryAfter {
		diffs = append(diffs, fmt.Sprintf("Retry-After %q, want %q", rec.Header().Get("Retry-After"), c.Want.RetryAfter))
	}
	if resp.Response.RequestId == "" {
		diffs = append(diffs, "no RequestId in the answer")
	}
	return diffs
}

// compare lists how an answer differs from want: its HTTP status, then
// its code and message.
func compare(want conformance.Want, status int, code, msg string) []string {
	var diffs []string
	if status != want.HTTPStatus {
		diffs = append(diffs, fmt.Sprintf("HTTP status %d, want %d", status, want.HTTPStatus))
	}
	return append(diffs, want.Diffs(code, msg)...)
}

// v4Answer is an IM REST API answer.
type v4Answer struct {
	status            int
	ActionStatus      string
	ErrorCode         int
	ErrorInfo         string
	ResultItem        []resultCode
	GroupInfo         []errorCode
	UserProfileItem   []resultCode   // portrait_get
	ErrorList         []errorCode    // query_online_status: the failed accounts only
	RecallRetList     []retCode      // group_msg_recall
	ImportMsgResult   []importResult // import_group_msg
	InfoItem          []resultCode   // friend_get_list (and friend_check)
	DestroyResultItem []errorCode    // destroy_topic
	TopicAndSelfInfo  []errorCode    // get_topic
}

// The per-item code of an answer's list, under the name that list
// gives it.
type (
	resultCode   struct{ ResultCode int }
	errorCode    struct{ ErrorCode int }
	retCode      struct{ RetCode int }
	importResult struct{ Result int }
)

func (c resultCode) code() int   { return c.ResultCode }
func (c errorCode) code() int    { return c.ErrorCode }
func (c retCode) code() int      { return c.RetCode }
func (c importResult) code() int { return c.Result }

// itemCodes are the per-item codes of the answer, "" for 0.
func (a v4Answer) itemCodes() []conformance.Code {
	return slices.Concat(codesOf(a.ResultItem), codesOf(a.GroupInfo), codesOf(a.UserProfileItem), codesOf(a.ErrorList),
		codesOf(a.RecallRetList), codesOf(a.ImportMsgResult), codesOf(a.InfoItem), codesOf(a.DestroyResultItem), codesOf(a.TopicAndSelfInfo))
}

// codesOf are the codes of one list's items, "" for 0.
func codesOf[T interface{ code() int }](items []T) []conformance.Code {
	var out []conformance.Code
	for _, it := range items {
		if n := it.code(); n == 0 {
			out = append(out, "")
		} else {
			out = append(out, conformance.Code(strconv.Itoa(n)))
		}
	}
	return out
}

// sendREST serves one REST API request as $APP's administrator, with a
// fresh UserSig, unless auth says otherwise.
func (r *run) sendREST(command string, body []byte, auth *conformance.Auth) v4Answer {
	t := r.t
	if auth == nil {
		auth = &conformance.Auth{}
	}
	app := r.vars["$APP"]
	identifier := "administrator"
	if auth.Identifier != "" {
		identifier = auth.Identifier
	}
	q := url.Values{
		"sdkappid": {strconv.FormatUint(app, 10)}, "identifier": {identifier},
		"usersig": {r.userSig(app, identifier, auth.UserSig)}, "random": {"99999999"}, "contenttype": {"json"},
	}
	for k, v := range auth.Query {
		if v == "$DROP" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	method := http.MethodPost
	if auth.Method != "" {
		method = auth.Method
	}
	req := httptest.NewRequest(method, "http://"+conformanceHost+"/v4/"+command+"?"+q.Encode(), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	r.srv.Handler().ServeHTTP(rec, req)
	out := v4Answer{status: rec.Code}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), "not the REST envelope: %s", rec.Body)
	return out
}

// secret reads an app's keys with a raw DescribeIMAppSecret.
func (r *run) secret(app uint64) (secret struct{ SignatureAlgorithm, Key, PrivateKey string }) {
	rec := r.sendConsole("", "", "DescribeIMAppSecret", []byte(fmt.Sprintf(`{"SdkAppId":%d}`, app)), nil)
	var resp struct {
		Response *struct{ SignatureAlgorithm, Key, PrivateKey string }
	}
	require.NoError(r.t, json.Unmarshal(rec.Body.Bytes(), &resp))
	require.NotNil(r.t, resp.Response, rec.Body.String())
	return *resp.Response
}

// userSig mints the UserSig of a REST request: with the app's own key, or
// the variant named.
func (r *run) userSig(app uint64, identifier, variant string) string {
	t := r.t
	secret := r.secret(app)
	signerFor := func(id uint64, key string) *usersig.Signer {
		var s *usersig.Signer
		var err error
		if secret.SignatureAlgorithm == "ECDSA-SHA256" {
			s, err = usersig.NewECDSASigner(id, []byte(secret.PrivateKey))
		} else {
			s, err = usersig.NewHMACSigner(id, key)
		}
		require.NoError(t, err)
		return s
	}
	signer := signerFor(app, secret.Key)
	tok := usersig.Token{UserID: identifier, IssuedAt: r.now, TTL: 24 * time.Hour}
	switch variant {
	case "":
	case "expired":
		tok.IssuedAt, tok.TTL = r.now.Add(-2*time.Hour), time.Hour
	case "other_app":
		signer = signerFor(app+1, secret.Key)
	case "other_user":
		tok.UserID = "someone_else"
	case "wrong_key":
		signer = signerFor(app, strings.Repeat("0", 64))
	case "old_ecdsa", "old_ecdsa_earlier":
		var err error
		signer, err = usersig.NewECDSASigner(app, []byte(r.oldKey))
		require.NoError(t, err)
		if variant == "old_ecdsa_earlier" {
			tok.IssuedAt = r.now.Add(-time.Hour)
		}
	case "truncated":
		sig, err := signer.SignToken(tok)
		require.NoError(t, err)
		return sig[:len(sig)/2]
	default:
		t.Fatalf("unknown usersig variant %q", variant)
	}
	sig, err := signer.SignToken(tok)
	require.NoError(t, err)
	return sig
}

func (r *run) rest(c conformance.Case) []string {
	body := []byte(c.RawBody)
	if c.RawBody == "" {
		body = r.body(c.Request)
	}
	out := r.sendREST(c.Command, body, c.Auth)
	code := ""
	if out.ErrorCode != 0 {
		code = strconv.Itoa(out.ErrorCode)
	}
	diffs := compare(c.Want, out.status, code, out.ErrorInfo)
	if wantStatus := map[bool]string{true: "OK", false: "FAIL"}[code == ""]; out.ActionStatus != wantStatus {
		diffs = append(diffs, fmt.Sprintf("ActionStatus %q, want %q", out.ActionStatus, wantStatus))
	}
	if c.Want.ItemCodes != nil && !slices.Equal(out.itemCodes(), c.Want.ItemCodes) {
		diffs = append(diffs, fmt.Sprintf("item codes %q, want %q", out.itemCodes(), c.Want.ItemCodes))
	}
	return diffs
}
