package conformance_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/internal/conformance"
)

// TestExpandRefusesBadCounts: a count that is not a whole number of 0 or
// more is an error naming the placeholder, never a panic.
func TestExpandRefusesBadCounts(t *testing.T) {
	t.Parallel()
	fx, err := conformance.NewFixtures(time.Now())
	require.NoError(t, err)
	for _, body := range []string{`{"A":"$TAGS:-1"}`, `{"A":"$ITEMS:x"}`, `{"A":"$USERIDS:-3"}`, `{"A":"$REPEAT:ab:-1"}`, `{"A":"$REPEAT:ab"}`} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			_, err := fx.Expand(json.RawMessage(body), nil)
			assert.ErrorContains(t, err, "0 or more")
		})
	}
	out, err := fx.Expand(json.RawMessage(`{"A":"$REPEAT:ab:2","B":"$USERIDS:0"}`), nil)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"abab","B":[]}`, string(out))
}

// TestExpandNowAndMsgKey: "$NOW" is the server's time from vars (a
// number), "$MSGKEY:<s>_<r>" the MsgKey of a message sent then,
// "<s>_<r>_<$NOW>"; either without $NOW in vars, and "$MSGKEY" without
// its <s>_<r>, is an error naming the placeholder.
func TestExpandNowAndMsgKey(t *testing.T) {
	t.Parallel()
	fx, err := conformance.NewFixtures(time.Now())
	require.NoError(t, err)
	vars := map[string]uint64{"$NOW": 1700000000}
	out, err := fx.Expand(json.RawMessage(`{"T":"$NOW","K":"$MSGKEY:1_2"}`), vars)
	require.NoError(t, err)
	assert.JSONEq(t, `{"T":1700000000,"K":"1_2_1700000000"}`, string(out))

	for _, body := range []string{`{"K":"$MSGKEY"}`, `{"K":"$MSGKEY:"}`} {
		_, err := fx.Expand(json.RawMessage(body), vars)
		assert.ErrorContains(t, err, "$MSGKEY", body)
	}
	for _, body := range []string{`{"T":"$NOW"}`, `{"K":"$MSGKEY:1_2"}`} {
		_, err := fx.Expand(json.RawMessage(body), nil)
		assert.Error(t, err, "%s without $NOW in vars", body)
	}
}
