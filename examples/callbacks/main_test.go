package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCallbacksRuns keeps the example working: the handler's three
// decisions reach the sender and the stored conversation.
func TestCallbacksRuns(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	for _, want := range []string{
		`callback: alice -> bob sent "hello bob"`,
		"refused by the callback",
		"20006",
		`alice: "hello bob"`,
		`alice: "****, the build broke"`,
		"C2C.CallbackBeforeSendMsg    HTTP 200 refused",
		"C2C.CallbackBeforeSendMsg    HTTP 200 modified",
	} {
		assert.Contains(t, out.String(), want)
	}
	assert.NotContains(t, out.String(), `sent "cheap spam here"`, "the refused message was sent")
	assert.NotContains(t, out.String(), "example-callback-token", "the token was printed")
}
