package imconsole_test

import (
	"testing"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
)

// TestNilRequests: every Console service method that takes a request
// pointer answers a nil one with an error, never a panic; the list
// options of Apps.List and Apps.All may be nil, as their docs say.
func TestNilRequests(t *testing.T) {
	t.Parallel()
	testkit.NilRequests(t, t.Context(), imtest.NewServer(t).Console(), "Apps.List", "Apps.All")
}
