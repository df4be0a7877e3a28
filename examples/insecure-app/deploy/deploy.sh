#!/bin/sh
# Copies the release to the VM with the committed deploy key.
set -eu
chmod 600 deploy/id_ed25519
rsync -az -e "ssh -i deploy/id_ed25519 -o StrictHostKeyChecking=no" ./ deploy@app.insecure-app.test:/srv/shortener/
ssh -i deploy/id_ed25519 deploy@app.insecure-app.test 'sudo systemctl restart shortener'
