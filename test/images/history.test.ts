import {describe, expect, it} from 'vitest';

import {labelsFromCreatedBy} from '../../src/images/index.js';

describe('labels from a layer\'s created_by', () => {
  const cases: Array<[string, string[] | undefined]> = [
    ['/bin/sh -c apt-get update && apt-get install -y --no-install-recommends nginx=1.22.1-9 curl && rm -rf /var/lib/apt/lists/*', ['nginx==1.22.1-9', 'curl']],
    ['/bin/sh -c apt-get -o Dpkg::Options::=--force-confold -y install  vim-tiny \\\n  less', ['vim-tiny', 'less']],
    ['RUN /bin/sh -c DEBIAN_FRONTEND=noninteractive apt install -qq -y git # buildkit', ['git']],
    ['|2 A=1 B=2 /bin/sh -c apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2', ['gcc', 'musl-dev==1.2.4-r2']],
    ['/bin/sh -c pip install --no-cache-dir requests==2.31.0 "flask>=2" numpy[extra]==1.26', ['requests==2.31.0', 'flask', 'numpy==1.26']],
    ['/bin/sh -c python3 -m pip install -r requirements.txt', undefined],
    ['/bin/sh -c dnf install -y --setopt=tsflags=nodocs httpd && dnf clean all', ['httpd']],
    ['/bin/sh -c yum -y install php-fpm; yum clean all', ['php-fpm']],
    ['/bin/sh -c apt-get install -y $PACKAGES', undefined],
    ['/bin/sh -c apt-get install -y ${PKG} tree', ['tree']],
    ['/bin/sh -c #(nop)  ENV PATH=/usr/local/bin', undefined],
    ['/bin/sh -c apt-get update', undefined],
    ['/bin/sh -c dpkg -i /tmp/x.deb', undefined],
    ['/bin/sh -c apt-get install -y ./local.deb', undefined],
    ['/bin/bash -o pipefail -c apt-get install -y jq | tee /log', ['jq']],
    ['COPY . /app # buildkit', undefined],
    ['', undefined],
  ];
  for (const [cmd, want] of cases) {
    it(JSON.stringify(cmd).slice(0, 90), () => expect(labelsFromCreatedBy(cmd)).toEqual(want));
  }
});
