package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestQuickstartRuns keeps the newcomer's first command working.
func TestQuickstartRuns(t *testing.T) {
	t.Setenv(client.EnvEndpoint, "") // always against the in-process server
	if err := run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestQuickstartRunsAgainstAnEndpoint: with IMCONSOLE_ENDPOINT and the
// credentials set, the console calls and the REST API calls both go to
// that server (not to Tencent's REST API host of the app's region).
func TestQuickstartRunsAgainstAnEndpoint(t *testing.T) {
	srv := imtest.NewServer(t)
	id, key := srv.Credentials()
	t.Setenv(client.EnvEndpoint, srv.URL())
	t.Setenv(client.EnvSecretID, id)
	t.Setenv(client.EnvSecretKey, key)
	require.NoError(t, run(context.Background()))
	require.NotEmpty(t, srv.RequestsFor(restapi.ServiceOpenIM+"/"+restapi.CommandSendMsg), "the REST API calls did not reach the endpoint")
}
