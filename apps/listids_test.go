package apps_test

import (
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
)

func TestListIDsOnTencentCloud(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       []uint64
		code       string
	}{
		{"ids", `{"Response":{"SdkAppids":[1400000001,1400000002],"RequestId":"r"}}`, []uint64{1400000001, 1400000002}, ""},
		{"none", `{"Response":{"SdkAppids":[],"RequestId":"r"}}`, []uint64{}, ""},
		{"absent", `{"Response":{"RequestId":"r"}}`, []uint64{}, ""},
		{"error on HTTP 200", `{"Response":{"Error":{"Code":"FailedOperation","Message":"m"},"RequestId":"r"}}`, nil, "FailedOperation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := httpmock.NewMockTransport()
			tr.RegisterMatcherResponder(http.MethodPost, "https://cim.tencentcloudapi.com/",
				httpmock.HeaderIs("X-TC-Action", "DescribeSdkAppid").And(httpmock.HeaderIs("X-TC-Version", "2019-03-18")),
				httpmock.NewStringResponder(200, tt.body))
			c, err := client.New(client.WithCredentials("id", "key"), client.WithTencentCloud(), client.WithHTTPClient(&http.Client{Transport: tr}))
			require.NoError(t, err)
			svc := apps.New(c)
			got, err := svc.ListIDs(t.Context())
			assert.Equal(t, 1, tr.GetTotalCallCount())
			if tt.code != "" {
				assert.True(t, client.HasCode(err, tt.code), "%v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)

			_, err = svc.Get(t.Context(), 1400000001)
			assert.ErrorIs(t, err, client.ErrConsoleOnly)
			assert.Equal(t, 1, tr.GetTotalCallCount(), "the console action was not sent")
		})
	}
}

// ListIDs against imtest, which serves cim DescribeSdkAppid.
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
