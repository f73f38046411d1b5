// ListIDs against imtest, which serves cim DescribeSdkAppid.

package apps_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
)

func TestListIDsAgainstImtest(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	console := srv.Console()
	ctx := t.Context()
	ids, err := console.Apps.ListIDs(ctx)
	require.NoError(t, err)
	assert.Empty(t, ids)

	var want []uint64
	for range 3 {
		app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "ids", Region: apps.RegionChina})
		require.NoError(t, err)
		want = append(want, app.SDKAppID)
	}
	require.NoError(t, console.Apps.Disable(ctx, want[1]))
	require.NoError(t, console.Apps.Delete(ctx, want[1]))
	ids, err = console.Apps.ListIDs(ctx)
	require.NoError(t, err)
	assert.ElementsMatch(t, []uint64{want[0], want[2]}, ids, "deleted apps excluded")

	otherID, otherKey := srv.NewAccount()
	ids, err = srv.Console(client.WithCredentials(otherID, otherKey)).Apps.ListIDs(ctx)
	require.NoError(t, err)
	assert.Empty(t, ids, "another account's apps are not listed")

	reqs := srv.RequestsFor(apps.ActionListIDs)
	require.NotEmpty(t, reqs)
}
