package main

import (
	"context"
	"testing"

	"github.com/imconsole/imconsole/client"
)

// TestQuickstartRuns keeps the newcomer's first command working.
func TestQuickstartRuns(t *testing.T) {
	t.Setenv(client.EnvEndpoint, "") // always against the in-process server
	if err := run(context.Background()); err != nil {
		t.Fatal(err)
	}
}
