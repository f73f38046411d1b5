package callback

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/imconsole/imconsole/internal/transport"
)

// Sign is the Sign of a callback signed with token at t:
// hex(sha256(token + RequestTime)), RequestTime being t in Unix seconds.
func Sign(token string, t time.Time) string {
	return signSeconds(token, strconv.FormatInt(t.Unix(), 10))
}

// signSeconds is Sign with RequestTime as it appears in the query.
func signSeconds(token, requestTime string) string {
	sum := sha256.Sum256([]byte(token + requestTime))
	return hex.EncodeToString(sum[:])
}

// NewRequest builds the POST Tencent IM sends to an app's callback URL
// for e: target with SdkAppid, CallbackCommand, contenttype, ClientIP
// and OptPlatform (from e's Meta; ClientIP defaults to 127.0.0.1 and
// OptPlatform to RESTAPI) and, when token is not empty, Sign and
// RequestTime for at, appended in that order to target's own query,
// which is kept as it is (as Tencent appends them); the body is e as
// JSON with CallbackCommand first (a *RawEvent's Body is sent as it is),
// with Content-Type application/json (Tencent documents no header). Use
// it to test a Handler, or to send callbacks as a reference server
// does. It fails for an unparsable target (the error shows its password
// and query values redacted), a Meta without SDKAppID, or an event that
// does not encode.
func NewRequest(ctx context.Context, target, token string, at time.Time, e Event) (*http.Request, error) {
	if e == nil {
		return nil, errors.New("callback: NewRequest needs an event, such as &callback.C2CBeforeSendMsg{...}")
	}
	m := e.Metadata()
	if m.SDKAppID == 0 {
		return nil, fmt.Errorf("callback: NewRequest: set the event's Meta.SDKAppID to the app the %s is for", e.Command())
	}
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("callback: NewRequest: the target URL does not parse: %w", shownURLError(err))
	}
	body, err := Encode(e)
	if err != nil {
		return nil, err
	}
	params := [][2]string{
		{"SdkAppid", strconv.FormatUint(m.SDKAppID, 10)},
		{"CallbackCommand", e.Command()},
		{"contenttype", "json"},
		{"ClientIP", cmp.Or(m.ClientIP, "127.0.0.1")},
		{"OptPlatform", cmp.Or(m.OptPlatform, PlatformRESTAPI)},
	}
	if token != "" {
		params = append(params, [2]string{"Sign", Sign(token, at)}, [2]string{"RequestTime", strconv.FormatInt(at.Unix(), 10)})
	}
	pairs := make([]string, len(params))
	for i, p := range params {
		pairs[i] = p[0] + "=" + url.QueryEscape(p[1])
	}
	if own := strings.TrimSuffix(u.RawQuery, "&"); own != "" { // the configured URL's own query, as it is
		pairs = append([]string{own}, pairs...)
	}
	u.RawQuery = strings.Join(pairs, "&")
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("callback: NewRequest: %w", shownURLError(err))
	}
	r.Header.Set("Content-Type", "application/json")
	return r, nil
}

// Encode is the JSON body of e as Tencent sends it: CallbackCommand
// first, then e's fields (a *RawEvent's Body as it is). It fails for an
// event that does not encode.
func Encode(e Event) ([]byte, error) {
	if raw, ok := e.(*RawEvent); ok {
		return raw.Body, nil
	}
	fields, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("callback: the %s event does not encode: %w", e.Command(), err)
	}
	cmd, _ := json.Marshal(e.Command())
	body := make([]byte, 0, len(fields)+len(cmd)+21)
	body = append(body, `{"CallbackCommand":`...)
	body = append(body, cmd...)
	if len(fields) > 2 {
		body = append(body, ',')
	}
	return append(body, fields[1:]...), nil
}

// shownURLError is err with the URL of a *url.Error in it as
// transport.ShownURL shows it: the URL parser quotes the whole target,
// its password and query values (a gateway's token, the Sign) included.
func shownURLError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		ue.URL = transport.ShownURL(ue.URL)
	}
	return err
}
