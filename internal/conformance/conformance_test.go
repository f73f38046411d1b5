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
