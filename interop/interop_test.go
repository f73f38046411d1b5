package interop_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/imconsole/imconsole/imtest"
)

// Versions of the services, as Tencent's SDK packages (and docs/protocol.md) name them.
const (
	consoleVersion = "2026-11-01"
	cimVersion     = "2019-03-18"
	camVersion     = "2019-01-16"
	tagVersion     = "2018-08-13"
)

// fixture is a reference server and a Tencent common client of its
// default account pointed at it.
type fixture struct {
	srv    *imtest.Server
	client *common.Client
	info   imtest.AccountInfo
}

func newFixture(t *testing.T, retries int) *fixture {
	t.Helper()
	srv := imtest.NewServer(t)
	id, key := srv.Credentials()
	info, err := srv.AccountInfo(id)
	require.NoError(t, err)
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = strings.TrimPrefix(srv.URL(), "http://")
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.HttpProfile.ReqMethod = "POST"
	cpf.RateLimitExceededMaxRetries = retries
	cpf.RateLimitExceededRetryDuration = profile.ConstantDurationFunc(time.Millisecond)
	cpf.DisableRegionBreaker = true
	return &fixture{srv: srv, client: common.NewCommonClient(common.NewCredential(id, key), "", cpf), info: info}
}

// call sends one action with Tencent's common client and decodes the
// Response into out.
func (f *fixture) call(t *testing.T, service, version, action string, params any, out any) error {
	t.Helper()
	req := tchttp.NewCommonRequest(service, version, action)
	require.NoError(t, req.SetActionParameters(params))
	resp := tchttp.NewCommonResponse()
	if err := f.client.Send(req, resp); err != nil {
		return err
	}
	var env struct{ Response json.RawMessage }
	require.NoError(t, json.Unmarshal(resp.GetBody(), &env))
	if out != nil {
		require.NoError(t, json.Unmarshal(env.Response, out))
	}
	return nil
}

type tag struct{ TagKey, TagValue string }

func TestTencentSDKAgainstImtest(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 0)

	// Two console-protocol actions: create an app, list it.
	var reg struct{ App struct{ SdkAppId uint64 } }
	require.NoError(t, f.call(t, "im", consoleVersion, "RegisterIMApp", map[string]any{"AppName": "interop", "Region": "ap-singapore"}, &reg))
	created := reg.App
	require.NotZero(t, created.SdkAppId)
	var listed struct{ TotalCount int }
	require.NoError(t, f.call(t, "im", consoleVersion, "DescribeIMApps", map[string]any{"Limit": 10}, &listed))
	assert.Equal(t, 1, listed.TotalCount)

	// cim DescribeSdkAppid.
	var ids struct{ SdkAppids []uint64 }
	require.NoError(t, f.call(t, "cim", cimVersion, "DescribeSdkAppid", map[string]any{}, &ids))
	assert.Equal(t, []uint64{created.SdkAppId}, ids.SdkAppids)

	// cam GetUserAppId.
	var who struct {
		Uin, OwnerUin string
		AppId         uint64
	}
	require.NoError(t, f.call(t, "cam", camVersion, "GetUserAppId", map[string]any{}, &who))
	assert.Equal(t, f.info, imtest.AccountInfo{Uin: who.Uin, OwnerUin: who.OwnerUin, AppID: who.AppId})

	// The five Tag API actions on the app.
	res := f.info.Resource(created.SdkAppId)
	require.NoError(t, f.call(t, "tag", tagVersion, "TagResources", map[string]any{"ResourceList": []string{res}, "Tags": []tag{{"env", "prod"}, {"team", "im"}}}, nil))
	require.NoError(t, f.call(t, "tag", tagVersion, "ModifyResourceTags", map[string]any{"Resource": res, "ReplaceTags": []tag{{"env", "staging"}}, "DeleteTags": []map[string]string{{"TagKey": "team"}}}, nil))
	require.NoError(t, f.call(t, "tag", tagVersion, "TagResources", map[string]any{"ResourceList": []string{res}, "Tags": []tag{{"owner", "ops（一）"}}}, nil))
	require.NoError(t, f.call(t, "tag", tagVersion, "UnTagResources", map[string]any{"ResourceList": []string{res}, "TagKeys": []string{"owner"}}, nil))
	var page struct {
		PaginationToken        string
		ResourceTagMappingList []struct {
			Resource string
			Tags     []tag
		}
	}
	require.NoError(t, f.call(t, "tag", tagVersion, "GetResources", map[string]any{"TagFilters": []map[string]any{{"TagKey": "env", "TagValue": []string{"staging", "prod"}}}}, &page))
	require.Len(t, page.ResourceTagMappingList, 1)
	assert.Equal(t, res, page.ResourceTagMappingList[0].Resource)
	assert.Equal(t, []tag{{"env", "staging"}}, page.ResourceTagMappingList[0].Tags)
	assert.Empty(t, page.PaginationToken)
	var described struct {
		TotalCount int
		Tags       []struct{ TagKey, TagValue, ResourceId string }
	}
	require.NoError(t, f.call(t, "tag", tagVersion, "DescribeResourceTagsByResourceIds", map[string]any{
		"ServiceType": "im", "ResourcePrefix": "sdkappid", "ResourceIds": []string{fmt.Sprint(created.SdkAppId)}, "ResourceRegion": "",
	}, &described))
	assert.Equal(t, 1, described.TotalCount)
	assert.Equal(t, "staging", described.Tags[0].TagValue)

	// One tag state: the console's TagFilters see the Tag API's tags.
	require.NoError(t, f.call(t, "im", consoleVersion, "DescribeIMApps", map[string]any{"TagFilters": []map[string]any{{"TagKey": "env", "TagValues": []string{"staging"}}}}, &listed))
	assert.Equal(t, 1, listed.TotalCount)
}

func TestTencentSDKSeesTypedErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 0)
	tests := []struct {
		name, service, version, action string
		params                         any
		code                           string
	}{
		{"an app of nobody", "tag", tagVersion, "ModifyResourceTags", map[string]any{"Resource": f.info.Resource(1400999999), "ReplaceTags": []tag{{"env", "prod"}}}, "ResourceNotFound"},
		{"a malformed resource", "tag", tagVersion, "TagResources", map[string]any{"ResourceList": []string{"qcs::im:uin/1:sdkappid/1"}, "Tags": []tag{{"env", "prod"}}}, "InvalidParameterValue.ResourceDescriptionError"},
		{"a console error", "im", consoleVersion, "DescribeIMApp", map[string]any{"SdkAppId": 1400999999}, "ResourceNotFound.App"},
		{"an unknown version", "cim", "2017-03-12", "DescribeSdkAppid", map[string]any{}, "NoSuchVersion"},
		{"an unknown action", "cam", camVersion, "GetUserAppIdAndMore", map[string]any{}, "InvalidAction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := f.call(t, tt.service, tt.version, tt.action, tt.params, nil)
			var sdkErr *tcerr.TencentCloudSDKError
			require.True(t, errors.As(err, &sdkErr), "%T %v", err, err)
			assert.Equal(t, tt.code, sdkErr.Code, sdkErr.Message)
			assert.NotEmpty(t, sdkErr.RequestId, "the error envelope reached the SDK: HTTP 200, as Tencent answers")
		})
	}
}

func TestTencentSDKRetriesThrottling(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 2)
	f.srv.Inject(imtest.Fault{Action: "DescribeSdkAppid", Code: "RequestLimitExceeded", Times: 2})
	var ids struct{ SdkAppids []uint64 }
	require.NoError(t, f.call(t, "cim", cimVersion, "DescribeSdkAppid", map[string]any{}, &ids), "retried by code on HTTP 200")
	reqs := f.srv.RequestsFor("DescribeSdkAppid")
	require.Len(t, reqs, 3)
	assert.Equal(t, []string{"RequestLimitExceeded", "RequestLimitExceeded", ""}, []string{reqs[0].Code, reqs[1].Code, reqs[2].Code})
	assert.Equal(t, []int{200, 200, 200}, []int{reqs[0].Status, reqs[1].Status, reqs[2].Status})

	// Without retries the SDK hands the throttling code back.
	g := newFixture(t, 0)
	g.srv.Inject(imtest.Fault{Action: "DescribeSdkAppid", Code: "RequestLimitExceeded"})
	var sdkErr *tcerr.TencentCloudSDKError
	require.ErrorAs(t, g.call(t, "cim", cimVersion, "DescribeSdkAppid", map[string]any{}, nil), &sdkErr)
	assert.Equal(t, "RequestLimitExceeded", sdkErr.Code)
}
