package callback_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestHandlerPrintsNoTokenWithAnyVerb: no fmt verb shows the token, on
// the Handler or on a value holding it, even the verbs that do not call
// String (%d, %t, %x on a copy...) and so walk the fields.
func TestHandlerPrintsNoTokenWithAnyVerb(t *testing.T) {
	t.Parallel()
	h := newHandler(t)
	type holder struct{ H any }
	type private struct{ h any }
	values := []struct {
		name string
		v    any
	}{
		{"the handler", h},
		{"a copy", *h},
		{"in a struct", holder{h}},
		{"a copy in a struct", holder{*h}},
		{"a copy in an unexported field", private{*h}},
		{"in a slice", []any{h}},
		{"in a map", map[string]any{"h": h}},
	}
	for _, tc := range values {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%c", "%U", "%e", "%b", "%o"} {
				assert.NotContains(t, fmt.Sprintf(verb, tc.v), token, verb)
			}
			b, _ := json.Marshal(tc.v)
			assert.NotContains(t, string(b), token, "JSON")
		})
	}
}
