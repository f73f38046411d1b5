package restapi_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// The app, key and retry policy of FuzzResponse's client.
const (
	fuzzAppID   = 1400000001
	fuzzKey     = "fuzz-hmac-key-5b8f0e3c9a1d4f7e2c6b" // no error or log line may show it
	fuzzRetries = 2
	fuzzMaxWait = 20 * time.Millisecond
	// fuzzMaxSent bounds what the fake server answers before it fails
	// every request, so a walk that would never end ends, and is caught.
	fuzzMaxSent = 50
)

// FuzzResponse answers four calls with an untrusted HTTP status,
// Retry-After header and body, as a broken server, a proxy or a gateway
// might (seeds in testdata/fuzz/FuzzResponse: successes, failure
// envelopes with the rate-limit and UserSig codes, envelopes without
// ActionStatus, gateway HTML pages, throttling with huge and malformed
// Retry-After values, truncated JSON, duplicate keys, deep nesting, and
// bodies echoing the request's UserSig or query, written {usersig} and
// {query} in the seed, and black_list_get and query_online_status
// answers). The calls: Call (openim/querystate), the typed reads
// Accounts.Check and Presence.Query (query_online_status, decoded with
// UserStatus.UnmarshalJSON), the write Messages.Send (sendmsg, not
// resent) and the walks Friends.List and Friends.Blocked (black_list_get,
// decoded with BlackListGetResponse.UnmarshalJSON). Each property comes
// from the package's documentation (Client.Call, the package doc,
// Envelope, Error and the family sentinels in errors.go,
// FriendService.List, FriendService.Blocked, WithRetry, WithLogger):
//
//   - no panic, no call longer than 2 s, and no wait longer than the
//     maximum wait of WithRetry (the 70050 minute and any Retry-After
//     included);
//   - the number of requests: the retries plus one for the rate-limit
//     codes and HTTP 429 (every command), and for HTTP 5xx (reads;
//     sendmsg gets one request); two for 70001 (resent once
//     with a fresh UserSig); one otherwise;
//   - success exactly when the answer is HTTP 200 with an envelope
//     saying success (ActionStatus OK, or none, and ErrorCode 0) whose
//     body decodes into the call's response;
//   - a failure envelope is an *Error with its ErrorCode, a status other
//     than 200 an *Error with that HTTPStatus and Code 0, and errors.Is
//     matches exactly the families errors.go documents for them; any
//     other error matches no family;
//   - Friends.List and Friends.Blocked end, yield an error only last,
//     and end with an error when the answer says there is more
//     (CompleteFlag 0; StartIndex not 0), since a constant answer gives
//     back the cursor it was sent;
//   - neither the UserSigs sent nor the key appear in an error or a log
//     line.
//
// TestResponseOverSizeCap covers bodies over the 8 MiB cap, too big for
// the fuzzer; FuzzResponseDecoders the two decoders on their own.
func FuzzResponse(f *testing.F) {
	signer, err := usersig.NewHMACSigner(fuzzAppID, fuzzKey)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, status int, retryAfter string, body []byte) {
		if status < 100 || status > 999 {
			status = http.StatusOK
		}
		srv := &fakeServer{status: status, retryAfter: retryAfter, body: body}
		var logs testkit.SyncBuffer
		rc := srv.client(t, signer, &logs)
		ans := readAnswer(status, body)
		ctx := t.Context()
		var raw map[string]json.RawMessage
		var check restapi.AccountCheckResponse
		var sent restapi.SendMsgResponse
		var presence restapi.QueryOnlineStatusResponse
		for _, c := range []struct {
			name       string
			repeatable bool // a read, which Call resends after a 5xx
			decodes    bool // the body decodes into the call's response
			call       func() error
		}{
			{"Call", true, json.Unmarshal(body, &raw) == nil, func() error {
				var resp map[string]json.RawMessage
				return rc.Call(ctx, "openim", "querystate", map[string]any{"To_Account": []string{"alice"}}, &resp)
			}},
			{"Accounts.Check", true, json.Unmarshal(body, &check) == nil, func() error {
				_, err := rc.Accounts.Check(ctx, "alice", "bob")
				return err
			}},
			{"Presence.Query", true, json.Unmarshal(body, &presence) == nil, func() error {
				_, err := rc.Presence.Query(ctx, "alice")
				return err
			}},
			{"Messages.Send", false, json.Unmarshal(body, &sent) == nil, func() error {
				_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}})
				return err
			}},
		} {
			srv.reset()
			start := time.Now()
			err := c.call()
			if took := time.Since(start); took > 2*time.Second {
				t.Fatalf("%s took %s", c.name, took)
			}
			srv.checkWaits(t, c.name)
			if n, want := srv.count(), ans.requests(c.repeatable); n != want {
				t.Fatalf("%s sent %d requests for HTTP %d %q, want %d", c.name, n, status, body, want)
			}
			ans.checkResult(t, c.name, err, c.decodes)
			srv.checkSecrets(t, c.name, err)
		}

		srv.reset()
		items, last := walkAll(t, srv, "Friends.List", rc.Friends.List(ctx, "alice"))
		var page restapi.FriendGetResponse
		decodes := json.Unmarshal(body, &page) == nil
		// A constant answer: a second page when it moves the cursor on,
		// which answers the cursor it was sent.
		pages := 1
		if page.CompleteFlag == 0 && page.NextStartIndex > 0 {
			pages = 2
		}
		checkWalk(t, srv, ans, "Friends.List", items, last, decodes, page.CompleteFlag != 0, pages, len(page.UserDataItem))

		srv.reset()
		items, last = walkAll(t, srv, "Friends.Blocked", rc.Friends.Blocked(ctx, "alice"))
		var black restapi.BlackListGetResponse
		decodes = json.Unmarshal(body, &black) == nil
		pages = 1
		if black.StartIndex > 0 {
			pages = 2
		}
		checkWalk(t, srv, ans, "Friends.Blocked", items, last, decodes, black.StartIndex == 0, pages, len(black.BlackListItem))

		if strings.Contains(logs.String(), fuzzKey) && !bytes.Contains(body, []byte(fuzzKey)) {
			t.Fatalf("a log line shows the key: %s", logs.String())
		}
		for _, sig := range srv.userSigs() {
			if strings.Contains(logs.String(), sig) || strings.Contains(logs.String(), url.QueryEscape(sig)) {
				t.Fatalf("a log line shows the UserSig: %s", logs.String())
			}
		}
	})
}

// FuzzResponseDecoders decodes untrusted bodies with the two decoders of
// their own in the responses, BlackListGetResponse.UnmarshalJSON (either
// spelling of the sequence) and UserStatus.UnmarshalJSON (State for a
// missing Status), against encoding/json's decoding of the fields they
// document (seeds in testdata/fuzz/FuzzResponseDecoders: answers with
// each spelling, both or neither, Status and State, nulls, wrong types,
// truncated JSON). Each refuses exactly what encoding/json refuses, with
// an error, and decodes what it documents (CurrentSequence when both
// spellings are there; Status, else State); what it decodes encodes to
// at most 32 bytes a byte of the body (and a few more) and decodes back
// to itself, black_list_get's sequence written under both spellings and
// a status under Status only; a query_online_status answer decodes its
// QueryResult items as each decodes alone.
func FuzzResponseDecoders(f *testing.F) {
	for _, body := range []string{
		`{"BlackListItem":[{"To_Account":"bob","AddBlackTimeStamp":1717243200}],"StartIndex":0,"CurruentSequence":7}`,
		`{"BlackListItem":[],"StartIndex":5,"CurrentSequence":3,"CurruentSequence":4}`,
		`{"To_Account":"alice","State":"PushOnline","Detail":[{"Platform":"iPhone","Status":"PushOnline"}]}`,
		`{"QueryResult":[{"To_Account":"alice","Status":"Online"},null,{"To_Account":"bob","State":"Offline","Status":""}],"ErrorList":[{"To_Account":"carol","ErrorCode":70107}]}`,
		`{"CurrentSequence":null,"curruentsequence":"9"}`,
		`{"Member_Account":"bob","Role":"Member","MuteUntil":4294967295,"ShutUpUntil":0}`,
		`{"GroupId":"g","ShutUpAllMember":"On","MemberList":[{"Member_Account":"bob","MuteUntil":7},null]}`,
		`{"MuteAllMember":null,"shutupallmember":"Off"}`,
	} {
		f.Add([]byte(body))
	}
	type blackListWire struct { // BlackListGetResponse's documented fields, both spellings
		BlackListItem    []restapi.BlackListItem `json:"BlackListItem"`
		StartIndex       int                     `json:"StartIndex"`
		CurrentSequence  *int                    `json:"CurrentSequence"`
		CurruentSequence *int                    `json:"CurruentSequence"`
	}
	type plainMember restapi.GroupMemberInfo // its fields, none of its methods
	type memberWire struct {
		plainMember
		MuteUntil int64 `json:"MuteUntil"`
	}
	type plainGroup restapi.GroupInfo
	type groupWire struct {
		plainGroup
		ShutUpAllMember restapi.MuteAll `json:"ShutUpAllMember"`
	}
	type userStatusWire struct { // UserStatus's documented fields and the legacy State
		ToAccount string                   `json:"To_Account"`
		Status    restapi.OnlineStatus     `json:"Status"`
		Detail    []restapi.PlatformStatus `json:"Detail"`
		State     restapi.OnlineStatus     `json:"State"`
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		maxEncoded := 128 + 32*len(body)

		var black restapi.BlackListGetResponse
		var bw blackListWire
		err, werr := json.Unmarshal(body, &black), json.Unmarshal(body, &bw)
		if (err == nil) != (werr == nil) {
			t.Fatalf("BlackListGetResponse decoding %q: %v; encoding/json: %v", body, err, werr)
		}
		if err == nil {
			seq := 0
			switch {
			case bw.CurrentSequence != nil:
				seq = *bw.CurrentSequence
			case bw.CurruentSequence != nil:
				seq = *bw.CurruentSequence
			}
			if !slices.Equal(black.BlackListItem, bw.BlackListItem) || black.StartIndex != bw.StartIndex || black.CurrentSequence != seq {
				t.Fatalf("BlackListGetResponse decoded %q as %+v, want %+v with sequence %d", body, black, bw, seq)
			}
			b, err := json.Marshal(black)
			if err != nil || len(b) > maxEncoded {
				t.Fatalf("BlackListGetResponse %+v encodes to %d bytes, %v", black, len(b), err)
			}
			var again restapi.BlackListGetResponse
			var both blackListWire
			if err := json.Unmarshal(b, &again); err != nil || !slices.Equal(again.BlackListItem, black.BlackListItem) || again.StartIndex != black.StartIndex || again.CurrentSequence != black.CurrentSequence {
				t.Fatalf("BlackListGetResponse %+v encodes to %s, which decodes to %+v, %v", black, b, again, err)
			}
			if err := json.Unmarshal(b, &both); err != nil || both.CurrentSequence == nil || both.CurruentSequence == nil || *both.CurrentSequence != seq || *both.CurruentSequence != seq {
				t.Fatalf("BlackListGetResponse %+v encodes to %s, not the sequence under both spellings", black, b)
			}
		}

		var us restapi.UserStatus
		var uw userStatusWire
		err, werr = json.Unmarshal(body, &us), json.Unmarshal(body, &uw)
		if (err == nil) != (werr == nil) {
			t.Fatalf("UserStatus decoding %q: %v; encoding/json: %v", body, err, werr)
		}
		if err == nil {
			status := uw.Status
			if status == "" {
				status = uw.State
			}
			if us.ToAccount != uw.ToAccount || us.Status != status || !slices.Equal(us.Detail, uw.Detail) {
				t.Fatalf("UserStatus decoded %q as %+v, want %+v with status %q", body, us, uw, status)
			}
			b, err := json.Marshal(us)
			if err != nil || len(b) > maxEncoded {
				t.Fatalf("UserStatus %+v encodes to %d bytes, %v", us, len(b), err)
			}
			var again restapi.UserStatus
			var plain userStatusWire
			if err := json.Unmarshal(b, &again); err != nil || again.ToAccount != us.ToAccount || again.Status != us.Status || !slices.Equal(again.Detail, us.Detail) {
				t.Fatalf("UserStatus %+v encodes to %s, which decodes to %+v, %v", us, b, again, err)
			}
			if err := json.Unmarshal(b, &plain); err != nil || plain.State != "" || plain.Status != us.Status {
				t.Fatalf("UserStatus %+v encodes to %s, not its status under Status only", us, b)
			}
		}

		var member restapi.GroupMemberInfo
		var mw memberWire
		err, werr = json.Unmarshal(body, &member), json.Unmarshal(body, &mw)
		if (err == nil) != (werr == nil) {
			t.Fatalf("GroupMemberInfo decoding %q: %v; encoding/json: %v", body, err, werr)
		}
		if err == nil {
			want := restapi.GroupMemberInfo(mw.plainMember)
			want.ShutUpUntil = cmp.Or(want.ShutUpUntil, mw.MuteUntil)
			if !reflect.DeepEqual(member, want) {
				t.Fatalf("GroupMemberInfo decoded %q as %+v, want %+v", body, member, want)
			}
			b, err := json.Marshal(member)
			var again restapi.GroupMemberInfo
			var plain memberWire
			if err != nil || len(b) > maxEncoded || json.Unmarshal(b, &again) != nil || !reflect.DeepEqual(again, member) || json.Unmarshal(b, &plain) != nil || plain.MuteUntil != 0 {
				t.Fatalf("GroupMemberInfo %+v encodes to %s (%v): not itself under ShutUpUntil only", member, b, err)
			}
		}

		var group restapi.GroupInfo
		var gw groupWire
		err, werr = json.Unmarshal(body, &group), json.Unmarshal(body, &gw)
		if (err == nil) != (werr == nil) {
			t.Fatalf("GroupInfo decoding %q: %v; encoding/json: %v", body, err, werr)
		}
		if err == nil {
			want := restapi.GroupInfo(gw.plainGroup)
			want.MuteAllMember = cmp.Or(want.MuteAllMember, gw.ShutUpAllMember)
			if !reflect.DeepEqual(group, want) {
				t.Fatalf("GroupInfo decoded %q as %+v, want %+v", body, group, want)
			}
		}

		var presence restapi.QueryOnlineStatusResponse
		var items struct{ QueryResult []json.RawMessage }
		if json.Unmarshal(body, &presence) == nil {
			if err := json.Unmarshal(body, &items); err != nil || len(items.QueryResult) != len(presence.QueryResult) {
				t.Fatalf("QueryOnlineStatusResponse decoded %q as %d results; its items: %d, %v", body, len(presence.QueryResult), len(items.QueryResult), err)
			}
			for i, raw := range items.QueryResult {
				var alone restapi.UserStatus
				if err := json.Unmarshal(raw, &alone); err != nil || alone.ToAccount != presence.QueryResult[i].ToAccount || alone.Status != presence.QueryResult[i].Status || !slices.Equal(alone.Detail, presence.QueryResult[i].Detail) {
					t.Fatalf("QueryResult[%d] %s decodes alone to %+v, %v; in the answer to %+v", i, raw, alone, err, presence.QueryResult[i])
				}
			}
		}
	})
}

// TestResponseOverSizeCap: an answer is read up to 8 MiB; one longer
// fails the call at once, unretried, with an error that is no *Error
// saying it is larger than 8388608 bytes and to check the base URL
// (Client.Call), whether or not it
// announces its length, for a read and for a write. An answer of exactly
// 8 MiB is read.
func TestResponseOverSizeCap(t *testing.T) {
	t.Parallel()
	signer, err := usersig.NewHMACSigner(fuzzAppID, fuzzKey)
	if err != nil {
		t.Fatal(err)
	}
	const limit = 8 << 20
	envelope := func(n int) []byte { // a success envelope of n bytes
		b := []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","Pad":"`)
		b = append(b, bytes.Repeat([]byte("a"), n-len(b)-2)...)
		return append(b, '"', '}')
	}
	for _, tc := range []struct {
		name    string
		size    int
		chunked bool
		write   bool
	}{
		{"read, Content-Length", limit + 1, false, false},
		{"read, chunked", limit + 1, true, false},
		{"write, Content-Length", limit + 1, false, true},
		{"write, chunked", limit + 1, true, true},
		{"read, 8 MiB exactly", limit, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := &fakeServer{status: http.StatusOK, body: envelope(tc.size), chunked: tc.chunked}
			var logs testkit.SyncBuffer
			rc := srv.client(t, signer, &logs)
			var err error
			if tc.write {
				_, err = rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}})
			} else {
				err = rc.Call(t.Context(), "openim", "querystate", nil, nil)
			}
			if n := srv.count(); n != 1 {
				t.Fatalf("sent %d requests, want 1", n)
			}
			if tc.size <= limit {
				if err != nil {
					t.Fatalf("an answer of %d bytes: %v", tc.size, err)
				}
				return
			}
			var e *restapi.Error
			if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), "larger than 8388608 bytes") || !strings.Contains(err.Error(), "base URL") {
				t.Fatalf("an answer of %d bytes: %#v, want an error saying it is larger than 8388608 bytes and to check the base URL", tc.size, err)
			}
			for _, fam := range docFamilies() {
				if errors.Is(err, fam.sentinel) {
					t.Fatalf("%v matches %v", err, fam.sentinel)
				}
			}
		})
	}
}

// TestEndlessResponse: a hostile server answering with a body that never
// ends (chunked, with a Content-Length of 1 TiB, or a gzip bomb) over a
// real connection gets read up to the 8 MiB cap, and the call fails at
// once, unretried, saying the answer is too large.
func TestEndlessResponse(t *testing.T) {
	t.Parallel()
	signer, err := usersig.NewHMACSigner(fuzzAppID, fuzzKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []testkit.Endless{testkit.EndlessChunked, testkit.EndlessClaimed, testkit.EndlessGzip} {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			base, hc, wire, requests := testkit.EndlessServer(t, kind)
			rc, err := restapi.New(fuzzAppID, "administrator", signer, restapi.WithBaseURL(base), restapi.WithHTTPClient(hc), restapi.WithoutRateLimit())
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // a client reading on would end here, failing the test
			defer cancel()
			_, err = rc.Accounts.Check(ctx, "alice")
			if err == nil || !strings.Contains(err.Error(), "larger than 8388608 bytes") {
				t.Fatalf("an endless answer: %v, want an error saying it is larger than 8388608 bytes", err)
			}
			if n := requests(); n != 1 {
				t.Fatalf("sent %d requests, want 1", n)
			}
			if n := wire(); n > 8<<20+64<<10 {
				t.Fatalf("read %d bytes off the connection, want at most the 8 MiB cap and buffering", n)
			}
		})
	}
}

// walkAll ranges over a walk of FuzzResponse, failing t if it yields
// after its error or sends more than fuzzMaxSent requests, and returns
// how many items it yielded and its error.
func walkAll[T any](t *testing.T, srv *fakeServer, name string, seq iter.Seq2[T, error]) (int, error) {
	t.Helper()
	var last error
	items := 0
	for _, err := range seq {
		if last != nil {
			t.Fatalf("%s yielded after its error %v", name, last)
		}
		if err != nil {
			last = err
			continue
		}
		items++
	}
	srv.checkWaits(t, name)
	if srv.count() > fuzzMaxSent {
		t.Fatalf("%s did not end: %d requests for HTTP %d %q", name, srv.count(), srv.status, srv.body)
	}
	return items, last
}

// checkWalk checks a walk over a constant answer: it succeeds exactly
// when the answer is a success whose page decodes and says it is the last
// (done); a success that decodes gets pages requests (2 when the page
// moves the cursor on) yielding perPage items each; any other answer gets
// the requests of a read and yields nothing.
func checkWalk(t *testing.T, srv *fakeServer, ans answer, name string, items int, last error, decodes, done bool, pages, perPage int) {
	t.Helper()
	ans.checkResult(t, name, last, decodes && done)
	if ans.success() && decodes {
		if n := srv.count(); n != pages || items != pages*perPage {
			t.Fatalf("%s sent %d requests and yielded %d items for %q, want %d pages of %d", name, n, items, srv.body, pages, perPage)
		}
	} else if n, want := srv.count(), ans.requests(true); n != want || items != 0 {
		t.Fatalf("%s sent %d requests (want %d) and yielded %d items for HTTP %d %q", name, n, want, items, srv.status, srv.body)
	}
	srv.checkSecrets(t, name, last)
}

// answer is what the docs say of one fuzzed answer: its status, and the
// envelope (Envelope's fields) when the body is one.
type answer struct {
	status   int
	envelope bool // HTTP 200 and a REST API answer: ActionStatus OK or FAIL, or none and an ErrorCode
	env      restapi.Envelope
}

func readAnswer(status int, body []byte) answer {
	a := answer{status: status}
	var probe struct{ ErrorCode *int }
	if status == http.StatusOK && json.Unmarshal(body, &a.env) == nil && json.Unmarshal(body, &probe) == nil {
		a.envelope = a.env.ActionStatus == "OK" || a.env.ActionStatus == "FAIL" || a.env.ActionStatus == "" && probe.ErrorCode != nil
	}
	return a
}

// success reports whether the envelope says the command succeeded.
func (a answer) success() bool {
	return a.envelope && a.env.ActionStatus != "FAIL" && a.env.ErrorCode == 0
}

// requests is how many requests one call sends for this answer, every
// attempt answered alike (Client.Call, the package doc's "Errors and
// retries", ErrRateLimited).
func (a answer) requests(repeatable bool) int {
	switch {
	case a.envelope && a.env.ErrorCode == restapi.CodeUserSigExpired:
		return 2 // resent once with a fresh UserSig
	case a.envelope && slices.Contains([]int{60007, 60011, 60018, 60019, 70050}, a.env.ErrorCode),
		a.status == http.StatusTooManyRequests,
		a.status >= 500 && a.status != http.StatusNotImplemented && repeatable:
		return fuzzRetries + 1
	}
	return 1
}

// checkResult checks the error of a call whose response decodes (or not)
// from the body.
func (a answer) checkResult(t *testing.T, name string, err error, decodes bool) {
	t.Helper()
	if (err == nil) != (a.success() && decodes) {
		t.Fatalf("%s: HTTP %d envelope %v %+v: error %v", name, a.status, a.envelope, a.env, err)
	}
	if err == nil {
		return
	}
	var e *restapi.Error
	isErr := errors.As(err, &e)
	switch {
	case a.status != http.StatusOK:
		if !isErr || e.HTTPStatus != a.status || e.Code != 0 {
			t.Fatalf("%s: HTTP %d answered %#v, want an *Error with that HTTPStatus and Code 0", name, a.status, err)
		}
	case a.envelope && !a.success():
		if !isErr || e.Code != a.env.ErrorCode || e.HTTPStatus != 0 {
			t.Fatalf("%s: the failure envelope %+v answered %#v, want an *Error with its code", name, a.env, err)
		}
	case isErr:
		t.Fatalf("%s: %+v (envelope %v) answered an *Error %v", name, a.env, a.envelope, err)
	}
	for _, fam := range docFamilies() {
		want := isErr && e.HTTPStatus == 0 && slices.Contains(fam.codes, e.Code) ||
			isErr && fam.sentinel == restapi.ErrServerFailure && e.HTTPStatus >= 500 ||
			isErr && fam.sentinel == restapi.ErrRateLimited && e.HTTPStatus == http.StatusTooManyRequests
		if errors.Is(err, fam.sentinel) != want {
			t.Fatalf("%s: errors.Is(%v, %v) = %v", name, err, fam.sentinel, !want)
		}
	}
}

// family is a sentinel and the codes its doc comment names.
type family struct {
	sentinel error
	codes    []int
}

// docFamilies are the sentinels of errors.go with the codes their doc
// comments list (ErrServerFailure: also every HTTP 5xx).
func docFamilies() []family {
	return []family{
		{restapi.ErrUserSigExpired, []int{70001}},
		{restapi.ErrUserSigInvalid, []int{60004, 60005, 70002, 70003, 70005, 70009, 70013, 70014, 70016, 70020, 70050, 70052, 70346, 20002}},
		{restapi.ErrNotAdmin, []int{60010, 70403, 90009, 40004, 30004, 50003}},
		{restapi.ErrAccountNotImported, []int{70107, 10019, 20003, 90012, 90048, 40003, 30003, 31804, 50001}},
		{restapi.ErrRateLimited, []int{60007, 60011, 60018, 60019, 70050, 10049}},
		{restapi.ErrAppDisabled, []int{60006, 60016, 60020}},
		{restapi.ErrGroupNotFound, []int{10010, 10015}},
		{restapi.ErrInvalidRequest, []int{60002, 60003, 60009, 60012, 60015, 70206, 70402, 10004, 10005, 10011, 40601,
			80002, 90001, 90002, 90003, 90005, 90006, 90007, 90008, 90010, 90011, 90026, 90030, 90031, 90044, 90054, 93000,
			40001, 40002, 40009, 40605, 40610, 30001, 20001, 50002, 130001, 130002, 130003, 130004, 130005, 130008,
			10045, 10046, 10047, 10050}},
		{restapi.ErrLimitExceeded, []int{70398, 10036, 10037, 10038, 30013, 30011, 30010, 30012, 30014, 10048, 10059}},
		{restapi.ErrServerFailure, []int{60008, 60013, 60014, 70169, 70500, 10002, 20004, 20005, 20018, 30006, 30007, 40006, 90992, 90994, 90995, 91000, 50004, 50005, 130014}},
		{restapi.ErrForbidden, []int{60017, 60021, 70051, 70114, 10007, 11000}},
	}
}

// fakeServer is an http.RoundTripper answering every request with one
// status, Retry-After and body, where {usersig} and {query} stand for the
// request's usersig and query, as a proxy echoing them would write. It
// counts requests, records the UserSigs sent and the waits the client
// asks for (WithRateLimitWait), and fails every request past fuzzMaxSent.
type fakeServer struct {
	status     int
	retryAfter string
	body       []byte
	chunked    bool // no Content-Length

	mu    sync.Mutex
	sent  int
	sigs  []string
	waits []time.Duration
}

// client is a client of fuzzAppID calling s, with fuzzRetries retries
// waiting at most fuzzMaxWait (recorded, not slept), no rate limit, and
// its debug log written to logs.
func (s *fakeServer) client(t testing.TB, signer *usersig.Signer, logs io.Writer) *restapi.Client {
	t.Helper()
	rc, err := restapi.New(fuzzAppID, "administrator", signer,
		restapi.WithBaseURL("https://im.example.com"),
		restapi.WithHTTPClient(&http.Client{Transport: s}),
		restapi.WithRetry(fuzzRetries, time.Millisecond, fuzzMaxWait),
		restapi.WithRateLimitWait(s.wait),
		restapi.WithoutRateLimit(),
		restapi.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	return rc
}

func (s *fakeServer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	sig := r.URL.Query().Get("usersig")
	s.mu.Lock()
	s.sent++
	over := s.sent > fuzzMaxSent
	if !slices.Contains(s.sigs, sig) {
		s.sigs = append(s.sigs, sig)
	}
	s.mu.Unlock()
	if over {
		return nil, errors.New("fake server: too many requests")
	}
	body := bytes.ReplaceAll(s.body, []byte("{usersig}"), []byte(sig))
	body = bytes.ReplaceAll(body, []byte("{query}"), []byte(r.URL.RawQuery))
	h := http.Header{"Content-Type": {"application/json"}}
	if s.retryAfter != "" {
		h["Retry-After"] = []string{s.retryAfter}
	}
	length := int64(len(body))
	if s.chunked {
		length = -1
	}
	return &http.Response{StatusCode: s.status, Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: length, Request: r}, nil
}

// wait records a wait instead of sleeping.
func (s *fakeServer) wait(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

// reset forgets the requests and waits of the last call (not the UserSigs).
func (s *fakeServer) reset() {
	s.mu.Lock()
	s.sent, s.waits = 0, nil
	s.mu.Unlock()
}

func (s *fakeServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

func (s *fakeServer) userSigs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sigs)
}

// checkWaits fails t if the call asked for a wait over the maximum.
func (s *fakeServer) checkWaits(t *testing.T, name string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.waits {
		if d > fuzzMaxWait {
			t.Fatalf("%s waited %s for HTTP %d Retry-After %q %q, over the maximum %s", name, d, s.status, s.retryAfter, s.body, fuzzMaxWait)
		}
	}
}

// checkSecrets fails t if err shows a UserSig sent or the key.
func (s *fakeServer) checkSecrets(t *testing.T, name string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if strings.Contains(msg, fuzzKey) && !bytes.Contains(s.body, []byte(fuzzKey)) {
		t.Fatalf("%s: the error shows the key: %v", name, err)
	}
	for _, sig := range s.userSigs() {
		if strings.Contains(msg, sig) || strings.Contains(msg, url.QueryEscape(sig)) {
			t.Fatalf("%s: the error shows the UserSig: %v", name, err)
		}
	}
}

// TestTruncatedResponse: an answer cut off after its status line (the
// connection closed before the body Content-Length promised) fails the
// call with an error saying the answer could not be read: a read is
// retried as after any network failure, a write is sent once.
func TestTruncatedResponse(t *testing.T) {
	t.Parallel()
	signer, err := usersig.NewHMACSigner(fuzzAppID, fuzzKey)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		call func(context.Context, *restapi.Client) error
		sent int32
		says string
	}{
		"a read (account_check)": {func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Accounts.Check(ctx, "alice")
			return err
		}, 3, "account_check: reading the response: unexpected EOF"},
		"a write (sendmsg)": {func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}})
			return err
		}, 1, "it was not resent, as it may have been applied"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				w.Header().Set("Content-Length", "100")
				_, _ = io.WriteString(w, `{"ActionStatus":"OK",`)
				if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
					_ = conn.Close()
				}
			}))
			t.Cleanup(srv.Close)
			rc, err := restapi.New(fuzzAppID, "administrator", signer, restapi.WithBaseURL(srv.URL), restapi.WithoutRateLimit(), restapi.WithRetry(2, time.Millisecond, time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			err = tc.call(t.Context(), rc)
			if err == nil || !strings.Contains(err.Error(), "reading the response: unexpected EOF") {
				t.Fatalf("a truncated answer: %v, want an error saying the response could not be read", err)
			}
			if n := requests.Load(); n != tc.sent {
				t.Fatalf("sent %d requests, want %d: %v", n, tc.sent, err)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("error %q does not say %q", err, tc.says)
			}
		})
	}
}

// TestRetryAfterIsHonoured: a retried answer's Retry-After is waited, up
// to WithRetry's maximum wait, whatever made it retried: a gateway's 429,
// a 5xx of a read, a rate-limit code in an HTTP 200 answer; after 70050
// the wait is at least the minute Tencent asks for, capped the same way.
func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	signer, err := usersig.NewHMACSigner(fuzzAppID, fuzzKey)
	if err != nil {
		t.Fatal(err)
	}
	ok := `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[]}`
	for name, tc := range map[string]struct {
		status     int
		retryAfter string
		body       string
		maxWait    time.Duration
		want       time.Duration
	}{
		"a gateway's 429":             {429, "2", "too many", 5 * time.Second, 2 * time.Second},
		"a 503 of a read":             {503, "3", "busy", 5 * time.Second, 3 * time.Second},
		"60007 in an HTTP 200 answer": {200, "1", `{"ActionStatus":"FAIL","ErrorCode":60007,"ErrorInfo":"too frequent"}`, 5 * time.Second, time.Second},
		"capped at the maximum wait":  {429, "120", "too many", 5 * time.Second, 5 * time.Second},
		"70050 waits its minute":      {200, "", `{"ActionStatus":"FAIL","ErrorCode":70050,"ErrorInfo":"UserSig failures too frequent"}`, 2 * time.Minute, time.Minute},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if requests.Add(1) > 1 {
					_, _ = io.WriteString(w, ok)
					return
				}
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			t.Cleanup(srv.Close)
			var waits []time.Duration
			rc, err := restapi.New(fuzzAppID, "administrator", signer, restapi.WithBaseURL(srv.URL), restapi.WithoutRateLimit(),
				restapi.WithRetry(2, 10*time.Millisecond, tc.maxWait),
				restapi.WithRateLimitWait(func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := rc.Accounts.Check(t.Context(), "alice"); err != nil {
				t.Fatal(err)
			}
			if len(waits) != 1 || waits[0] != tc.want {
				t.Fatalf("waited %v before the retry, want [%v]", waits, tc.want)
			}
		})
	}
}
