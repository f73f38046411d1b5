// Package conformance reads the golden conformance table
// (testdata/conformance.json): requests with the error code, HTTP status
// and message fragment docs/protocol.md and the Tencent facts say they get.
// The reference server's test (imtest) and the client's local-validation
// test (the module root) both run it; this package holds what they share:
// the case type, the placeholders of request bodies, the list of codes
// docs/protocol.md names, and how a case's differences are reported. Like
// internal/testkit it is ordinary code that only tests import: no
// package's non-test code depends on it (TestArchitecture checks that).
package conformance

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
)

// MinCases is how many cases the table must hold (issue 11).
const MinCases = 80

// Case is one row of the table.
type Case struct {
	Name string `json:"name"`
	// API is "console" (API 3.0, POST /) or "rest" (IM REST API v4).
	API string `json:"api"`
	// Service is the API 3.0 service the request is signed for and routed
	// to: "im" (the console protocol, the default), "cim", "cam" or "tag".
	Service string `json:"service,omitempty"`
	// Version is the X-TC-Version sent; "" sends the service's own.
	Version string `json:"version,omitempty"`
	// Action is the console action (X-TC-Action).
	Action string `json:"action,omitempty"`
	// Command is the REST path after /v4/, "service/command".
	Command string `json:"command,omitempty"`
	// Setup names the server state the case needs, in order (see the
	// imtest conformance test for the vocabulary).
	Setup []string `json:"setup,omitempty"`
	// Before are requests sent first, each expected to succeed; "$CERT"
	// in later bodies is the CertificateId the last of them answered.
	Before []Request `json:"before,omitempty"`
	// Request is the JSON body, with placeholders (see Expand); RawBody,
	// when set, is sent instead, byte for byte.
	Request json.RawMessage `json:"request,omitempty"`
	RawBody string          `json:"raw_body,omitempty"`
	// Auth overrides how the request is authenticated (bad signatures,
	// skewed clocks, UserSig variants, query overrides).
	Auth *Auth `json:"auth,omitempty"`
	// Local marks a check the SDK makes before sending: the request type's
	// Validate must answer Want.Code and Want.Message too. A case that is
	// not local and whose body decodes into a request type must pass the
	// local checks (the SDK must not refuse what only the server decides).
	Local bool `json:"local,omitempty"`
	Want  Want `json:"want"`
	// KnownMismatch says what differs between the table and imtest and
	// which side the facts support; the test reports it instead of
	// failing.
	KnownMismatch string `json:"known_mismatch,omitempty"`
}

// Request is one request of Case.Before.
type Request struct {
	Service string          `json:"service,omitempty"` // as Case.Service
	Action  string          `json:"action,omitempty"`
	Command string          `json:"command,omitempty"`
	Request json.RawMessage `json:"request"`
	// Advance, a Go duration ("1h"), moves the server clock forward by it
	// instead of sending a request.
	Advance string `json:"advance,omitempty"`
}

// Auth overrides the authentication of a case's request.
type Auth struct {
	// Console.
	Header          *string `json:"header,omitempty"`           // Authorization sent as is ("" omits it)
	SecretID        string  `json:"secret_id,omitempty"`        // sign with this unknown SecretId
	WrongKey        bool    `json:"wrong_key,omitempty"`        // sign with another SecretKey
	TimestampOffset int64   `json:"timestamp_offset,omitempty"` // seconds added to X-TC-Timestamp
	Service         string  `json:"service,omitempty"`          // credential scope service
	Date            string  `json:"date,omitempty"`             // credential scope date
	SignAction      bool    `json:"sign_action,omitempty"`      // SignedHeaders content-type;host;x-tc-action
	TamperBody      bool    `json:"tamper_body,omitempty"`      // change the body after signing
	Method          string  `json:"method,omitempty"`           // console and REST: the HTTP method, default POST
	// REST.
	Identifier string            `json:"identifier,omitempty"` // default administrator
	UserSig    string            `json:"usersig,omitempty"`    // expired, truncated, other_app, other_user, wrong_key, old_ecdsa, old_ecdsa_earlier
	Query      map[string]string `json:"query,omitempty"`      // overrides; "$DROP" removes the parameter
}

// Want is what the case expects.
type Want struct {
	// Code is the console error code or the REST ErrorCode ("" or 0:
	// success).
	Code Code `json:"code"`
	// HTTPStatus is the HTTP status: 200 for every request a service
	// answered, errors included (console and REST alike); another only
	// where Tencent's gateway refuses the request (a body over 4 MiB, a
	// method other than POST or GET).
	HTTPStatus int `json:"http_status"`
	// Message is a fragment the message (ErrorInfo) must contain.
	Message string `json:"message,omitempty"`
	// RetryAfter is the Retry-After header the answer must carry.
	RetryAfter string `json:"retry_after,omitempty"`
	// ItemCodes are the per-item codes of a REST answer, in order:
	// ResultItem[].ResultCode, GroupInfo[].ErrorCode,
	// ErrorList[].ErrorCode (batchsendmsg), RecallRetList[].RetCode
	// (group_msg_recall), or ImportMsgResult[].Result (import_group_msg).
	ItemCodes []Code `json:"item_codes,omitempty"`
}

// Diffs lists how an answer's code and message differ from w: a code
// other than w.Code, a message without w.Message. It is empty when both
// match.
func (w Want) Diffs(code, msg string) []string {
	var diffs []string
	if code != string(w.Code) {
		diffs = append(diffs, fmt.Sprintf("code %q, want %q (message %q)", code, w.Code, msg))
	}
	if !strings.Contains(msg, w.Message) {
		diffs = append(diffs, fmt.Sprintf("message %q does not contain %q", msg, w.Message))
	}
	return diffs
}

// Report fails t once for each of diffs, the ways an answer differs from
// c's row. For a case the table marks as a known mismatch it logs them
// instead, and fails when there are none: the mark must then be removed.
func Report(t testing.TB, c Case, diffs []string) {
	t.Helper()
	switch {
	case c.KnownMismatch != "" && len(diffs) > 0:
		t.Logf("known mismatch (%s): %s", c.KnownMismatch, strings.Join(diffs, "; "))
	case c.KnownMismatch != "":
		t.Errorf("marked known_mismatch (%s) but matches the table now: remove the mark", c.KnownMismatch)
	default:
		for _, d := range diffs {
			t.Error(d)
		}
	}
}

// Code is an error code written as a JSON string or number.
type Code string

// UnmarshalJSON accepts "ResourceNotFound.App" and 70020 alike.
func (c *Code) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*c = Code(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("a code is a string or a number, got %s", b)
	}
	if n == "0" {
		*c = ""
		return nil
	}
	*c = Code(n)
	return nil
}

// Load reads and checks the table at path: every case named once, with an
// API, an action or command, and a status. It fails, naming the file and
// the case, when the file cannot be read or decoded (an unknown field
// too) or a case breaks one of those rules.
func Load(path string) ([]Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var table struct {
		About string `json:"about"`
		Cases []Case `json:"cases"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&table); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	seen := map[string]bool{}
	for i, c := range table.Cases {
		switch {
		case c.Name == "" || seen[c.Name]:
			return nil, fmt.Errorf("%s: case %d: the name %q is empty or repeated", path, i, c.Name)
		case c.API == "console" && c.Action == "", c.API == "rest" && c.Command == "", c.API != "console" && c.API != "rest":
			return nil, fmt.Errorf("%s: case %q: api must be console (with action) or rest (with command)", path, c.Name)
		case c.Want.HTTPStatus == 0:
			return nil, fmt.Errorf("%s: case %q: want.http_status is missing", path, c.Name)
		}
		seen[c.Name] = true
	}
	return table.Cases, nil
}

// Fixtures are the generated values placeholders stand for: push
// credentials that cannot be written into JSON by hand.
type Fixtures struct {
	p12     map[string]string // "$P12:<name>" → base64
	p8      string
	fcm     string
	harmony string
}

// BundleID and P12Password are what the valid .p12 fixtures carry.
const (
	BundleID    = "com.example.app"
	P12Password = "pw"
)

// NewFixtures generates the credentials, with certificates valid around
// now ("expired" ran out a day before it). It fails, naming the fixture,
// when certstest cannot generate one.
func NewFixtures(now time.Time) (*Fixtures, error) {
	f := &Fixtures{p12: map[string]string{}}
	year := now.Add(365 * 24 * time.Hour)
	add := func(name string, b []byte, err error) error {
		if err != nil {
			return fmt.Errorf("conformance: fixture %s: %w", name, err)
		}
		f.p12[name] = base64.StdEncoding.EncodeToString(b)
		return nil
	}
	b, err := certstest.APNsP12(BundleID, certs.EnvironmentProduction, year, P12Password)
	if err := add("valid", b, err); err != nil {
		return nil, err
	}
	b, err = certstest.APNsP12(BundleID, certs.EnvironmentDevelopment, year, P12Password)
	if err := add("development", b, err); err != nil {
		return nil, err
	}
	b, err = certstest.APNsP12(BundleID, certs.EnvironmentProduction, now.Add(-24*time.Hour), P12Password)
	if err := add("expired", b, err); err != nil {
		return nil, err
	}
	cert, key, err := certstest.APNsCertificate(BundleID, certs.EnvironmentProduction, year)
	if err != nil {
		return nil, fmt.Errorf("conformance: fixture certificate: %w", err)
	}
	b, err = certstest.CertificateOnlyP12(cert, P12Password)
	if err := add("nokey", b, err); err != nil {
		return nil, err
	}
	b, err = certstest.KeyOnlyP12(key)
	if err := add("nocert", b, err); err != nil {
		return nil, err
	}
	other, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	b, err = certstest.P12(cert, other, P12Password)
	if err := add("mismatch", b, err); err != nil {
		return nil, err
	}
	plain, plainKey, err := certstest.SelfSigned(&x509.Certificate{Subject: pkix.Name{CommonName: "Example TLS: " + BundleID}})
	if err != nil {
		return nil, fmt.Errorf("conformance: fixture plain certificate: %w", err)
	}
	b, err = certstest.P12(plain, plainKey, P12Password)
	if err := add("notapns", b, err); err != nil {
		return nil, err
	}
	f.p12["garbage"] = base64.StdEncoding.EncodeToString([]byte("this is not a PKCS#12 file"))
	f.p12["toolarge"] = base64.StdEncoding.EncodeToString(make([]byte, 64<<10+1))
	p8, err := certstest.P8Key()
	if err != nil {
		return nil, fmt.Errorf("conformance: fixture p8: %w", err)
	}
	fcm, err := certstest.FCMServiceAccountJSON("example-project")
	if err != nil {
		return nil, fmt.Errorf("conformance: fixture FCM: %w", err)
	}
	harmony, err := certstest.HarmonyServiceAccountJSON("101783233")
	if err != nil {
		return nil, fmt.Errorf("conformance: fixture HarmonyOS: %w", err)
	}
	f.p8, f.fcm, f.harmony = string(p8), string(fcm), string(harmony)
	return f, nil
}

// Expand returns body with its placeholders replaced. A JSON string that
// is exactly a placeholder is replaced by its value:
//
//	"$APP", "$CERT"      the app's SdkAppId, the CertificateId of Before (numbers, from vars)
//	"$APPID"             the app's SdkAppId as a string (the Tag API's ResourceIds)
//	"$NOW"               the server's time, Unix seconds (a number, from vars)
//	"$MSGKEY:<s>_<r>"    the MsgKey of a message with MsgSeq s and MsgRandom r sent at $NOW: "<s>_<r>_<$NOW>"
//	"$RESOURCE"          the app's Tag API name, qcs::im::uin/<$UIN>:sdkappid/<$APP> ($UIN: the caller's OwnerUin, from vars)
//	"$REPEAT:<s>:<n>"    s repeated n times
//	"$TAGS:<n>"          n distinct valid tags k00=v00, k01=v01, ...
//	"$ITEMS:<n>"         n items {"UserID": "u000"}, ...
//	"$ACCOUNTS:<n>"      n accounts {"UserID": "u000"}, ... (multiaccount_import)
//	"$USERIDS:<n>"       n UserIDs "u000", "u001", ... (To_Account lists)
//	"$P12:<name>"        a .p12 fixture, base64: valid, development, expired, nokey, nocert, mismatch, notapns, garbage, toolarge
//	"$P8", "$FCM"        a valid .p8 key PEM, a valid FCM service-account JSON text
//	"$HARMONY"           a valid HarmonyOS service-account key file, JSON text
//
// It fails for a body that is not JSON, an unknown placeholder (any string
// starting with "$"), one without its count, an unknown .p12 fixture, and
// one whose value vars lack (the error says which setup to add).
func (f *Fixtures) Expand(body json.RawMessage, vars map[string]uint64) ([]byte, error) {
	if len(body) == 0 {
		return []byte("{}"), nil
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	v, err := f.expand(v, vars)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}

func (f *Fixtures) expand(v any, vars map[string]uint64) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			n, err := f.expand(e, vars)
			if err != nil {
				return nil, err
			}
			x[k] = n
		}
	case []any:
		for i, e := range x {
			n, err := f.expand(e, vars)
			if err != nil {
				return nil, err
			}
			x[i] = n
		}
	case string:
		return f.placeholder(x, vars)
	}
	return v, nil
}

func (f *Fixtures) placeholder(s string, vars map[string]uint64) (any, error) {
	if !strings.HasPrefix(s, "$") {
		return s, nil
	}
	name, arg, _ := strings.Cut(s, ":")
	count := func() (int, error) {
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("placeholder %s needs a count of 0 or more", s)
		}
		return n, nil
	}
	switch name {
	case "$APP", "$CERT", "$NOW":
		id, ok := vars[name]
		if !ok {
			return nil, fmt.Errorf("placeholder %s has no value in this case: add the setup or before request that makes it", name)
		}
		return json.Number(strconv.FormatUint(id, 10)), nil
	case "$APPID", "$RESOURCE":
		app, okApp := vars["$APP"]
		uin, okUin := vars["$UIN"]
		if !okApp || !okUin {
			return nil, fmt.Errorf("placeholder %s needs $APP and $UIN in this case: add the setup that makes the app", name)
		}
		if name == "$APPID" {
			return strconv.FormatUint(app, 10), nil
		}
		return fmt.Sprintf("qcs::im::uin/%d:sdkappid/%d", uin, app), nil
	case "$MSGKEY":
		now, ok := vars["$NOW"]
		if !ok || arg == "" {
			return nil, fmt.Errorf("placeholder %s: want $MSGKEY:<MsgSeq>_<MsgRandom>, with $NOW in vars", s)
		}
		return fmt.Sprintf("%s_%d", arg, now), nil
	case "$REPEAT":
		i := strings.LastIndex(arg, ":")
		n, err := strconv.Atoi(arg[i+1:])
		if i < 0 || err != nil || n < 0 {
			return nil, fmt.Errorf("placeholder %s: want $REPEAT:<s>:<n>, n 0 or more", s)
		}
		return strings.Repeat(arg[:i], n), nil
	case "$TAGS":
		n, err := count()
		out := make([]any, n)
		for i := range out {
			out[i] = map[string]any{"TagKey": fmt.Sprintf("k%02d", i), "TagValue": fmt.Sprintf("v%02d", i)}
		}
		return out, err
	case "$ITEMS", "$ACCOUNTS":
		n, err := count()
		out := make([]any, n)
		for i := range out {
			out[i] = map[string]any{"UserID": fmt.Sprintf("u%03d", i)}
		}
		return out, err
	case "$USERIDS":
		n, err := count()
		out := make([]any, n)
		for i := range out {
			out[i] = fmt.Sprintf("u%03d", i)
		}
		return out, err
	case "$P12":
		b, ok := f.p12[arg]
		if !ok {
			return nil, fmt.Errorf("placeholder %s: no such .p12 fixture", s)
		}
		return b, nil
	case "$P8":
		return f.p8, nil
	case "$FCM":
		return f.fcm, nil
	case "$HARMONY":
		return f.harmony, nil
	}
	return nil, fmt.Errorf("unknown placeholder %s", s)
}

// consoleCode matches a console error code as docs/protocol.md writes it:
// one of API 3.0's common codes, or a code of one of its families.
// ResourceUnavailable and ResourceInsufficient are left out: the document
// names them only as codes of no family, which the protocol never answers.
var consoleCode = regexp.MustCompile(`^(AuthFailure|InvalidParameter|InvalidParameterValue|MissingParameter|UnknownParameter|LimitExceeded|FailedOperation|UnauthorizedOperation|UnsupportedOperation|ResourceNotFound|ResourceInUse|RequestLimitExceeded|RequestSizeLimitExceeded|InternalError|ServiceUnavailable|InvalidAction|NoSuchVersion)(\.[A-Za-z0-9]+)?$`)

var (
	backticked = regexp.MustCompile("`([^`]+)`")
	identifier = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)
	// restCode: a five- or six-digit number standing alone, not after a
	// "/" (a page's id, as in "CN 269/129193", is not a code) nor inside
	// a hex string.
	restCode = regexp.MustCompile(`(?:^|[^/0-9A-Za-z])([1-9][0-9]{4,5})\b`)
)

// DocCodes returns the codes docs/protocol.md (its text md) lists: the
// console codes in backticks, with the shorthand "`X.A`/`.B`" read as X.A
// and X.B and the "`InvalidParameterValue.<Field>`" row read as one code
// per field it names (family wildcards such as `InvalidParameter*` are
// not codes); and the REST ErrorCodes, five- and six-digit numbers in
// the section on the IM REST API, except a page's id after a "/".
func DocCodes(md string) (console, rest []string) {
	consolePart, restPart, _ := strings.Cut(md, "## IM REST API")
	for line := range strings.SplitSeq(consolePart, "\n") {
		prefix := ""
		fieldRow := false
		for _, m := range backticked.FindAllStringSubmatch(line, -1) {
			tok := m[1]
			switch {
			case tok == "InvalidParameterValue.<Field>":
				fieldRow = true
			case fieldRow && identifier.MatchString(tok):
				console = append(console, "InvalidParameterValue."+tok)
			case strings.HasPrefix(tok, ".") && prefix != "" && identifier.MatchString(tok[1:]):
				console = append(console, prefix+tok)
			case consoleCode.MatchString(tok):
				console = append(console, tok)
				if i := strings.LastIndex(tok, "."); i > 0 {
					prefix = tok[:i]
				}
			}
		}
	}
	for _, m := range restCode.FindAllStringSubmatch(restPart, -1) {
		rest = append(rest, m[1])
	}
	slices.Sort(console)
	slices.Sort(rest)
	return slices.Compact(console), slices.Compact(rest)
}
